import type { ResumeRequest, ResumeResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';

/** `POST /resume`: undoes a cancellation scheduled for the end of the period. */
export async function resumeRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<ResumeRequest>,
): Promise<ResumeResponse> {
  const { subscription } = await ownedSubscription(ctx, identity, body.subscription);
  const scheduled = subscription.cancel_at_period_end || subscription.cancel_at !== null;
  if (!scheduled || subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
    throw new PlankitError('subscription_not_active', { message: 'This subscription is not set to cancel.' });
  }
  const params: Stripe.SubscriptionUpdateParams = { expand: subscriptionExpand };
  if (subscription.cancel_at_period_end) params.cancel_at_period_end = false;
  else params.cancel_at = '';
  const updated = await ctx.stripe.subscriptions.update(subscription.id, params);
  const catalog = await ctx.catalog.get();
  return {
    type: 'resumed',
    subscription: summarizeSubscription(updated, catalog, Boolean(ctx.options.retention)),
  };
}
