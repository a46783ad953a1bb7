import type { PlankitStore } from '../store/plankit-store';

/** A preview's proration date is honoured for an hour, so the customer pays what they were shown. */
export const prorationDateMaxAgeMs = 60 * 60 * 1000;

/** Dates remembered per subscription: enough for a customer comparing plans, bounded against a flood of previews. */
export const maxRememberedProrationDates = 20;

/** [proration date (Stripe's clock, seconds), issued at (this server's clock, ms)] */
type Issued = [number, number];

// One key per subscription, not per preview: a flood of previews must not fill a bounded store (the memory store
// drops its oldest keys, which could otherwise push out webhook dedupe keys and checkout leases).
function key(subscription: string): string {
  return `plankit:proration:${subscription}`;
}

function recent(raw: string | null, now: number): Issued[] {
  try {
    const parsed: unknown = JSON.parse(raw ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is Issued =>
        Array.isArray(entry) &&
        Number.isInteger(entry[0]) &&
        typeof entry[1] === 'number' &&
        now - entry[1] < prorationDateMaxAgeMs,
    );
  } catch {
    return [];
  }
}

/**
 * Remembers the proration dates previews were computed at. The date is Stripe's clock (a test clock, the emulator's
 * clock), which may differ from this server's, so `POST /change-plan` accepts a date it issued itself without
 * comparing it to `Date.now()`. Best effort: a store that is down, or two previews racing on the same key, only
 * means the server-clock check decides (at worst the customer previews again).
 */
export async function rememberProrationDate(
  store: PlankitStore,
  subscription: string,
  prorationDate: number,
): Promise<void> {
  try {
    const now = Date.now();
    const issued = recent(await store.get(key(subscription)), now).filter(([date]) => date !== prorationDate);
    issued.push([prorationDate, now]);
    const kept = issued.slice(-maxRememberedProrationDates);
    await store.set(key(subscription), JSON.stringify(kept), prorationDateMaxAgeMs);
  } catch {
    // Best effort, see above.
  }
}

/** True when a preview of this subscription issued this date within the last hour. */
export async function wasProrationDateIssued(
  store: PlankitStore,
  subscription: string,
  prorationDate: number,
): Promise<boolean> {
  const raw = await store.get(key(subscription)).catch(() => null);
  return recent(raw, Date.now()).some(([date]) => date === prorationDate);
}
