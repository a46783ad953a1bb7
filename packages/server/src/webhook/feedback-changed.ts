import type Stripe from 'stripe';

/**
 * Whether a `customer.subscription.updated` event changed `cancellation_details.feedback`. Stripe's
 * `previous_attributes` names only what changed, down to sub-keys of nested hashes: an absent key means
 * "unchanged", never "was null"; a hash that was null before is sent as null.
 */
export function feedbackChanged(previous: Stripe.Event.Data.PreviousAttributes | undefined): boolean {
  if (!previous || !('cancellation_details' in previous)) return false;
  const old = previous.cancellation_details as Record<string, unknown> | null | undefined;
  return old === null || old === undefined || (typeof old === 'object' && 'feedback' in old);
}
