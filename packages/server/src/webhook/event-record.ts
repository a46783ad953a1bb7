/**
 * The webhook route's record of an event id (`processing` while it runs, `done` after): its dedupe, and what
 * reconciliation reads to tell a delivered event from a missed one.
 */
export function webhookEventKey(eventId: string): string {
  return `plankit:event:${eventId}`;
}

/** Stripe retries an event for up to three days; processed ids are remembered a little longer. */
export const processedEventTtlMs = 4 * 24 * 60 * 60 * 1000;
