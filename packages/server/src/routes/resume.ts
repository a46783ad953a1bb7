import type { ResumeRequest, ResumeResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { resyncAfterMutation } from '../state/snapshot-reads';
import { liftCancellationParams, mayLiftCancellation } from '../subscriptions/customer-cancellation';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { retentionMayBeOffered } from '../subscriptions/retention-eligibility';
import { subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';

/**
 * `POST /resume`: undoes a cancellation the customer scheduled through Plankit (or any, with
 * `cancel.liftAnyCancellation`); one the merchant set stays scheduled.
 */
export async function resumeRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<ResumeRequest>,
): Promise<ResumeResponse> {
  const { subscription, customer } = await ownedSubscription(ctx, identity, body.subscription);
  const scheduled = subscription.cancel_at_period_end || subscription.cancel_at !== null;
  if (!scheduled || subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new PlankitError('subscription_not_active', { message: 'This subscription is not set to cancel.' });
  }
  if (!mayLiftCancellation(ctx, subscription)) {
    throw new PlankitError('subscription_not_active', {
      message: 'This cancellation was not scheduled by you here; contact us to keep the subscription.',
    });
  }
  const params: Stripe.SubscriptionUpdateParams = {
    ...liftCancellationParams(subscription),
    expand: subscriptionExpand,
  };
  const updated = await ctx.stripe.subscriptions.update(subscription.id, params);
  const [catalog] = await Promise.all([ctx.catalog.get(), resyncAfterMutation(ctx, customer)]);
  return {
    type: 'resumed',
    subscription: summarizeSubscription(updated, catalog, retentionMayBeOffered(ctx, updated)),
  };
}
