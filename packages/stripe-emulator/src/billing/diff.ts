function isHash(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `previous_attributes` of an update event, as Stripe builds it: only the keys that changed, with their old
 * values (null where the key was absent). Nested hashes hold only their changed sub-keys
 * (`{ cancellation_details: { feedback: null } }`); an array that changed is given whole.
 */
export function previousAttributes<T extends object>(before: T, after: T): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const old = b[key];
    const now = a[key];
    if (isHash(old) && isHash(now)) {
      const nested = previousAttributes(old, now);
      if (Object.keys(nested).length > 0) previous[key] = nested;
    } else if (JSON.stringify(old) !== JSON.stringify(now)) {
      previous[key] = old ?? null;
    }
  }
  return previous;
}

/**
 * Narrows an emitter's `previous` (old values of the keys it touched) to the keys whose value really changed
 * in `current`, recursing into nested hashes; keys `previous` does not name are left out.
 */
export function changedOnly(
  previous: Record<string, unknown>,
  current: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, old] of Object.entries(previous)) {
    const now = current[key];
    if (isHash(old) && isHash(now)) {
      const nested = changedOnly(old, now);
      if (Object.keys(nested).length > 0) out[key] = nested;
    } else if (JSON.stringify(old ?? null) !== JSON.stringify(now ?? null)) {
      out[key] = old ?? null;
    }
  }
  return out;
}
