/**
 * The `previous_attributes` of an update event: the old values of the top-level fields that changed
 * (Stripe reports whole top-level values, e.g. all of `items` when one item changed).
 */
export function previousAttributes<T extends object>(before: T, after: T): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) previous[key] = b[key] ?? null;
  }
  return previous;
}
