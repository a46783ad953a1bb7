import type { PlankitStore } from '../store/plankit-store';

/** A preview's proration date is honoured for an hour, so the customer pays what they were shown. */
export const prorationDateMaxAgeMs = 60 * 60 * 1000;

function key(subscription: string, prorationDate: number): string {
  return `plankit:proration:${subscription}:${prorationDate}`;
}

/**
 * Remembers the proration dates previews were computed at. The date is Stripe's clock (a test clock, the emulator's
 * clock), which may differ from this server's, so `POST /change-plan` accepts a date it issued itself without
 * comparing it to `Date.now()`. Best effort: a store that is down only means the server-clock check decides.
 */
export async function rememberProrationDate(
  store: PlankitStore,
  subscription: string,
  prorationDate: number,
): Promise<void> {
  await store.set(key(subscription, prorationDate), '1', prorationDateMaxAgeMs).catch(() => undefined);
}

/** True when a preview of this subscription issued this date within the last hour. */
export async function wasProrationDateIssued(
  store: PlankitStore,
  subscription: string,
  prorationDate: number,
): Promise<boolean> {
  return (await store.get(key(subscription, prorationDate)).catch(() => null)) !== null;
}
