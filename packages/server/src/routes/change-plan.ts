import type { ChangePlanRequest, ChangePlanResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { findPromotionCode } from '../stripe/find-promotion-code';
import { idempotencyKey } from '../stripe/idempotency-key';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { planChange } from '../subscriptions/plan-change';
import { subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';
import { prorationBehavior } from './preview-change';

/** A preview's proration date is honoured for an hour, so the customer pays what they were shown. */
const prorationDateMaxAgeSeconds = 60 * 60;

/** `POST /change-plan` (opt-in): applies a plan change in the app, prorated and invoiced at once. */
export async function changePlanRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<ChangePlanRequest>,
): Promise<ChangePlanResponse> {
  if (!ctx.options.planChange?.inApp) throw new PlankitError('feature_disabled');
  const now = Math.floor(Date.now() / 1000);
  const prorationDate = body.prorationDate ?? now;
  if (prorationDate > now + 60 || prorationDate < now - prorationDateMaxAgeSeconds) {
    throw new PlankitError('invalid_request', {
      message: 'The preview is too old; preview the change again.',
      details: { field: 'prorationDate' },
    });
  }
  const { subscription } = await ownedSubscription(ctx, identity, body.subscription);
  const catalog = await ctx.catalog.get();
  const change = planChange(ctx, catalog, subscription, body);
  const params: Stripe.SubscriptionUpdateParams = {
    items: change.items,
    proration_behavior: prorationBehavior,
    proration_date: prorationDate,
    // A failed payment leaves the subscription as it was and surfaces as card_declined.
    payment_behavior: 'error_if_incomplete',
    metadata: { plankit_plan: change.bundle.plan },
    expand: subscriptionExpand,
  };
  if (body.promotionCode) {
    params.discounts = [{ promotion_code: await findPromotionCode(ctx.stripe, body.promotionCode) }];
  }
  const updated = await ctx.stripe.subscriptions.update(subscription.id, params, {
    idempotencyKey: idempotencyKey('change', subscription.id, JSON.stringify(change.items), prorationDate),
  });
  return {
    type: 'updated',
    subscription: summarizeSubscription(updated, catalog, Boolean(ctx.options.retention)),
  };
}
