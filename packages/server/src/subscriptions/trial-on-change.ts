import { findPlan } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { PlankitError } from '../http/plankit-error';

/** What a plan change does to a running trial: `now` ends it, a Unix time shortens it, undefined keeps it. */
export type TrialEndOnChange = 'now' | number | undefined;

const daySeconds = 24 * 60 * 60;

/**
 * A trial belongs to the plan that offered it: switching a trialing subscription to a plan with a shorter trial (or
 * none) caps the trial to that plan's `trialDays` counted from the trial's start, ending it at once when that is
 * already past, so nobody trials `team` x50 on `pro`'s 14 days. With `planChange.duringTrial: 'refuse'` such a change
 * is refused (`subscription_not_active`) instead. A target whose trial is at least as long keeps the trial.
 */
export function trialEndOnChange(
  ctx: PlankitContext,
  subscription: Stripe.Subscription,
  targetPlan: string,
): TrialEndOnChange {
  const end = subscription.trial_end;
  if (subscription.status !== 'trialing' || end === null) return undefined;
  const days = findPlan(ctx.plans, targetPlan)?.trialDays ?? 0;
  const cap = (subscription.trial_start ?? subscription.start_date) + days * daySeconds;
  if (cap >= end) return undefined;
  if (ctx.options.planChange?.duringTrial === 'refuse') {
    throw new PlankitError('subscription_not_active', {
      message: 'This plan cannot be chosen during the trial.',
    });
  }
  return cap <= Math.floor(Date.now() / 1000) ? 'now' : cap;
}

/** Whether the subscription's trial would survive a switch to any plan of the catalog (the portal lets it pick). */
export function trialSurvivesAnyPlanChange(ctx: PlankitContext, subscription: Stripe.Subscription): boolean {
  if (subscription.status !== 'trialing' || subscription.trial_end === null) return true;
  const start = subscription.trial_start ?? subscription.start_date;
  return ctx.plans.plans.every(
    (plan) => start + (plan.trialDays ?? 0) * daySeconds >= (subscription.trial_end ?? 0),
  );
}
