import type { RetentionAcceptRequest, RetentionAcceptResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { withAttemptKey } from '../stripe/attempt-key';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { retentionMetadataKey, subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';

/** `POST /retention/accept`: applies the offered retention coupon once and keeps the subscription. */
export async function retentionAcceptRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<RetentionAcceptRequest>,
): Promise<RetentionAcceptResponse> {
  const retention = ctx.options.retention;
  if (!retention) throw new PlankitError('feature_disabled');
  const { subscription } = await ownedSubscription(ctx, identity, body.subscription);
  if (subscription.metadata?.[retentionMetadataKey] !== 'offered' || subscription.status === 'canceled') {
    throw new PlankitError('retention_unavailable');
  }
  const kept = (subscription.discounts ?? []).map((discount) => ({
    discount: typeof discount === 'string' ? discount : discount.id,
  }));
  const params: Stripe.SubscriptionUpdateParams = {
    discounts: [...kept, { coupon: retention.couponId }],
    metadata: { [retentionMetadataKey]: 'accepted' },
    expand: subscriptionExpand,
  };
  // Kept means kept: lift a scheduled cancellation, whether it is at period end or at a date (as /resume does).
  if (subscription.cancel_at_period_end) params.cancel_at_period_end = false;
  else if (subscription.cancel_at !== null) params.cancel_at = '';
  // Keyed on the subscription: a double click or a retry applies the coupon once (a retry after a failure too:
  // the metadata is 'accepted' only once the coupon is on).
  const updated = await withAttemptKey(ctx.store, 'retention', [subscription.id], (idempotencyKey) =>
    ctx.stripe.subscriptions.update(subscription.id, params, { idempotencyKey }),
  );
  const catalog = await ctx.catalog.get();
  return { type: 'retained', subscription: summarizeSubscription(updated, catalog, true) };
}
