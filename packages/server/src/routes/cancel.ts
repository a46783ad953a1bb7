import type { CancelRequest, CancelResponse, RetentionOffer } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { resyncAfterMutation } from '../state/snapshot-reads';
import { createPortalSession } from '../stripe/create-portal-session';
import { idempotencyKey } from '../stripe/idempotency-key';
import { customerCancellationMetadata } from '../subscriptions/customer-cancellation';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { retentionMayBeOffered, retentionOfferable } from '../subscriptions/retention-eligibility';
import { retentionMetadataKey, subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';
import { rememberCancellationReason } from '../webhook/pending-cancellation-reason';

/** The public shape of the retention coupon. */
export function retentionOffer(coupon: Stripe.Coupon): RetentionOffer {
  return {
    name: coupon.name ?? null,
    percentOff: coupon.percent_off ?? null,
    amountOff: coupon.amount_off ?? null,
    currency: coupon.currency ?? null,
    duration: coupon.duration as RetentionOffer['duration'],
    durationInMonths: coupon.duration_in_months ?? null,
  };
}

function alreadyEnding(): PlankitError {
  return new PlankitError('subscription_not_active', {
    message: 'This subscription is already set to end; resume it first.',
  });
}

/**
 * `POST /cancel`: offers the retention coupon once per customer by default (remembered in the customer's and the
 * subscription's metadata, so it holds across instances and re-subscriptions; see `retentionOfferable`), then
 * records the reason in `cancellation_details` (seed 003) and cancels through the portal deep link, at period end,
 * or immediately, as the app allows.
 */
export async function cancelRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<CancelRequest>,
): Promise<CancelResponse> {
  const mode = body.mode ?? ctx.cancelModes[0] ?? 'portal';
  if (!ctx.cancelModes.includes(mode)) {
    throw new PlankitError('feature_disabled', { message: 'This way of cancelling is not enabled.' });
  }
  const { subscription, customer } = await ownedSubscription(ctx, identity, body.subscription);
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new PlankitError('subscription_not_active');
  }
  const retention = ctx.options.retention;
  if (retention && !body.declineOffer && (await retentionOfferable(ctx, subscription, customer))) {
    const coupon = await ctx.coupons.get(retention.couponId);
    // On the customer first: a new subscription of the same customer is not offered it again.
    await ctx.stripe.customers.update(
      customer,
      { metadata: { [retentionMetadataKey]: 'offered' } },
      { idempotencyKey: idempotencyKey('offer-customer', customer) },
    );
    await ctx.stripe.subscriptions.update(
      subscription.id,
      { metadata: { [retentionMetadataKey]: 'offered' } },
      { idempotencyKey: idempotencyKey('offer', subscription.id) },
    );
    await resyncAfterMutation(ctx, customer);
    return { type: 'retention_offer', offer: retentionOffer(coupon) };
  }
  const cancellationDetails: Stripe.SubscriptionUpdateParams.CancellationDetails = { feedback: body.reason };
  if (body.comment) cancellationDetails.comment = body.comment;
  if (mode === 'immediately') {
    const canceled = await ctx.stripe.subscriptions.cancel(subscription.id, {
      cancellation_details: cancellationDetails,
      expand: subscriptionExpand,
    });
    const [catalog] = await Promise.all([ctx.catalog.get(), resyncAfterMutation(ctx, customer)]);
    return { type: 'canceled', subscription: summarizeSubscription(canceled, catalog, false) };
  }
  if (mode === 'at_period_end') {
    // Already set to end (by the merchant, say): rescheduling at period end could move a merchant's date later.
    if (subscription.cancel_at !== null) throw alreadyEnding();
    const updated = await ctx.stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      cancellation_details: cancellationDetails,
      // Marks the cancellation as the customer's, so /resume may lift it (and none the merchant set).
      metadata: customerCancellationMetadata(subscription),
      expand: subscriptionExpand,
    });
    const [catalog] = await Promise.all([ctx.catalog.get(), resyncAfterMutation(ctx, customer)]);
    return {
      type: 'canceled',
      subscription: summarizeSubscription(updated, catalog, retentionMayBeOffered(ctx, updated)),
    };
  }
  // Stripe's cancel flow cannot open for a subscription already set to end; refusing first also keeps the
  // reason from being overwritten for a cancellation the customer cannot confirm.
  if (subscription.cancel_at_period_end || subscription.cancel_at) throw alreadyEnding();
  // Portal: the reason waits in the store until the customer confirms in Stripe's cancel flow; the webhook then
  // records it (unless the portal's own survey did), so an abandoned flow leaves no reason on the subscription.
  await rememberCancellationReason(ctx, subscription.id, body.reason, body.comment);
  const returnUrl = new URL(ctx.options.portal?.defaultReturnTo ?? '/', ctx.allowedOrigins[0]).href;
  const url = await createPortalSession(ctx, {
    customer: typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id,
    return_url: returnUrl,
    flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: subscription.id } },
  });
  return { type: 'portal', url };
}
