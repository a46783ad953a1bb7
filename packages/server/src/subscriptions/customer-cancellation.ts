import type Stripe from 'stripe';
import type { PlankitContext } from '../context';

/**
 * Subscription metadata key holding the `cancel_at` of a cancellation the customer scheduled through Plankit. A
 * cancellation whose date differs (one the merchant set in the Dashboard or the API, or changed since) is not the
 * customer's to lift.
 */
export const customerCancelAtMetadataKey = 'plankit_customer_cancel_at';

/** The metadata that marks a cancellation at the end of the current period as the customer's own. */
export function customerCancellationMetadata(subscription: Stripe.Subscription): Record<string, string> {
  const end = subscription.items.data[0]?.current_period_end;
  return end === undefined ? {} : { [customerCancelAtMetadataKey]: String(end) };
}

/**
 * Whether `/resume` and `/retention/accept` may lift the subscription's scheduled cancellation: the customer
 * scheduled it through Plankit (same `cancel_at`), or the app allows lifting any (`cancel.liftAnyCancellation`).
 */
export function mayLiftCancellation(ctx: PlankitContext, subscription: Stripe.Subscription): boolean {
  return mayLiftFacts(ctx, {
    cancelAt: subscription.cancel_at,
    customerCancelAt: subscription.metadata?.[customerCancelAtMetadataKey] || null,
  });
}

/** {@link mayLiftCancellation} from a subscription's snapshot facts. */
export function mayLiftFacts(
  ctx: PlankitContext,
  subscription: { cancelAt: number | null; customerCancelAt: string | null },
): boolean {
  if (ctx.options.cancel?.liftAnyCancellation) return true;
  const marked = subscription.customerCancelAt;
  return marked !== null && subscription.cancelAt !== null && marked === String(subscription.cancelAt);
}

/** Params that lift a scheduled cancellation (at period end or at a date) and drop the customer's mark. */
export function liftCancellationParams(subscription: Stripe.Subscription): Stripe.SubscriptionUpdateParams {
  const params: Stripe.SubscriptionUpdateParams = { metadata: { [customerCancelAtMetadataKey]: '' } };
  if (subscription.cancel_at_period_end) params.cancel_at_period_end = false;
  else if (subscription.cancel_at !== null) params.cancel_at = '';
  return params;
}
