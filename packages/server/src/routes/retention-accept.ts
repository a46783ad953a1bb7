import type { RetentionAcceptRequest, RetentionAcceptResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { resyncAfterMutation } from '../state/snapshot-reads';
import { withAttemptKey } from '../stripe/attempt-key';
import { liftCancellationParams, mayLiftCancellation } from '../subscriptions/customer-cancellation';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { retentionMetadataKey, subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';

/** `POST /retention/accept`: applies the offered retention coupon once and keeps the subscription. */
export async function retentionAcceptRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<RetentionAcceptRequest>,
): Promise<RetentionAcceptResponse> {
  const retention = ctx.options.retention;
  if (!retention) throw new PlankitError('feature_disabled');
  const { subscription, customer } = await ownedSubscription(ctx, identity, body.subscription);
  if (subscription.metadata?.[retentionMetadataKey] !== 'offered' || subscription.status === 'canceled') {
    throw new PlankitError('retention_unavailable');
  }
  const kept = (subscription.discounts ?? []).map((discount) => ({
    discount: typeof discount === 'string' ? discount : discount.id,
  }));
  // Kept means kept: lift the customer's scheduled cancellation, at period end or at a date (as /resume does); one
  // the merchant set stays unless the app allows lifting any.
  const lift = mayLiftCancellation(ctx, subscription) ? liftCancellationParams(subscription) : {};
  const params: Stripe.SubscriptionUpdateParams = {
    ...lift,
    discounts: [...kept, { coupon: retention.couponId }],
    metadata: { ...lift.metadata, [retentionMetadataKey]: 'accepted' },
    expand: subscriptionExpand,
  };
  // Keyed on the subscription: a double click or a retry applies the coupon once (a retry after a failure too:
  // the metadata is 'accepted' only once the coupon is on).
  const updated = await withAttemptKey(ctx.store, 'retention', [subscription.id], (idempotencyKey) =>
    ctx.stripe.subscriptions.update(subscription.id, params, { idempotencyKey }),
  );
  const [catalog] = await Promise.all([ctx.catalog.get(), resyncAfterMutation(ctx, customer)]);
  return { type: 'retained', subscription: summarizeSubscription(updated, catalog, false) };
}
