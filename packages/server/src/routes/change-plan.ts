import type { ChangePlanRequest, ChangePlanResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { resyncAfterMutation } from '../state/snapshot-reads';
import { withAttemptKey } from '../stripe/attempt-key';
import { changeDiscounts } from '../subscriptions/change-discounts';
import { prorationDateMaxAgeMs, wasProrationDateIssued } from '../subscriptions/issued-proration-dates';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { planChange } from '../subscriptions/plan-change';
import { planChangeProrationBehavior } from '../subscriptions/proration-behavior';
import { retentionMayBeOffered } from '../subscriptions/retention-eligibility';
import { subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';
import { trialEndOnChange } from '../subscriptions/trial-on-change';

/**
 * A proration date is accepted when a preview of this subscription issued it within the hour (it is Stripe's clock,
 * which a test clock may move away from ours), or else when it lies in the last hour of this server's clock: the
 * customer pays what they were shown, and nobody backdates a downgrade to get a larger credit.
 */
async function isAcceptedProrationDate(ctx: PlankitContext, subscription: string, prorationDate: number) {
  if (await wasProrationDateIssued(ctx.store, subscription, prorationDate)) return true;
  const now = Math.floor(Date.now() / 1000);
  return prorationDate <= now + 60 && prorationDate >= now - prorationDateMaxAgeMs / 1000;
}

/**
 * `POST /change-plan` (opt-in): applies a plan change in the app, billed as `planChange.prorationBehavior` says
 * (the same behaviour `/preview-change` showed). With the preview's `prorationDate`, the prorations are the previewed
 * ones; without it, Stripe prorates at its own current time.
 */
export async function changePlanRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<ChangePlanRequest>,
): Promise<ChangePlanResponse> {
  if (!ctx.options.planChange?.inApp) throw new PlankitError('feature_disabled');
  const behavior = planChangeProrationBehavior(ctx.options);
  // Under `none` nothing is prorated, so a date has nothing to pin (and Stripe refuses one).
  const prorationDate = behavior === 'none' ? undefined : body.prorationDate;
  if (
    prorationDate !== undefined &&
    !(await isAcceptedProrationDate(ctx, body.subscription, prorationDate))
  ) {
    throw new PlankitError('invalid_request', {
      message: 'The preview is too old; preview the change again.',
      details: { field: 'prorationDate' },
    });
  }
  const { subscription, customer } = await ownedSubscription(ctx, identity, body.subscription);
  const catalog = await ctx.catalog.get();
  const change = planChange(ctx, catalog, subscription, body);
  const params: Stripe.SubscriptionUpdateParams = {
    items: change.items,
    proration_behavior: behavior,
    // Whenever the change is invoiced at once (always_invoice, or a new interval under any behaviour), a failed
    // payment leaves the subscription as it was and surfaces as card_declined.
    payment_behavior: 'error_if_incomplete',
    metadata: { plankit_plan: change.bundle.plan },
    expand: subscriptionExpand,
  };
  if (prorationDate !== undefined) params.proration_date = prorationDate;
  const trialEnd = trialEndOnChange(ctx, subscription, change.bundle.plan);
  if (trialEnd !== undefined) params.trial_end = trialEnd;
  const discounts = await changeDiscounts(ctx, identity, subscription, body.promotionCode);
  if (discounts) params.discounts = discounts;
  // Keyed on the change, so a double click applies it once; after a failure (a decline: the customer fixes their
  // card and confirms the same preview again) the next attempt is tried, not answered with the saved failure.
  // One failure record per subscription: the client picks the proration date, so a record per attempt would let
  // declined changes write the store without bound.
  const updated = await withAttemptKey(
    ctx.store,
    'change',
    [
      subscription.id,
      JSON.stringify(change.items),
      behavior,
      prorationDate ?? Math.floor(Date.now() / 1000),
      body.promotionCode ?? '',
      // Both depend on more than the request (the clock, the trial already capped, the discounts kept): every
      // parameter sent under the key is covered by it, so Stripe never refuses a retry for other parameters.
      String(trialEnd ?? ''),
      JSON.stringify(discounts ?? null),
    ],
    (idempotencyKey) => ctx.stripe.subscriptions.update(subscription.id, params, { idempotencyKey }),
    { recordKey: `plankit:failed-attempts:change:${subscription.id}` },
  );
  await resyncAfterMutation(ctx, customer);
  return {
    type: 'updated',
    subscription: summarizeSubscription(updated, catalog, retentionMayBeOffered(ctx, updated)),
  };
}
