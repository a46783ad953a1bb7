import type { PreviewChangeRequest, PreviewChangeResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { changeDiscounts } from '../subscriptions/change-discounts';
import { rememberProrationDate } from '../subscriptions/issued-proration-dates';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { type PlanChange, planChange } from '../subscriptions/plan-change';
import { planChangeProrationBehavior } from '../subscriptions/proration-behavior';
import { trialEndOnChange } from '../subscriptions/trial-on-change';

function addInterval(seconds: number, interval: 'month' | 'year', count: number): number {
  const date = new Date(seconds * 1000);
  if (interval === 'year') date.setUTCFullYear(date.getUTCFullYear() + count);
  else date.setUTCMonth(date.getUTCMonth() + count);
  return Math.floor(date.getTime() / 1000);
}

function isProration(line: Stripe.InvoiceLineItem): boolean {
  const parent = line.parent;
  return Boolean(
    parent?.subscription_item_details?.proration ?? parent?.invoice_item_details?.proration ?? false,
  );
}

/** The regular amount of the items after the change, before discounts. */
function regularAmount(change: PlanChange): number {
  return change.bundle.items.reduce((sum, item) => sum + item.price.unitAmount * item.quantity, 0);
}

/** When the subscription renews after the change: a new interval restarts the cycle at the change (Stripe's rule). */
function renewalDate(change: PlanChange, restartsCycle: boolean, changedAt: number): number | null {
  const plan = change.bundle.items[0]?.price;
  if (restartsCycle) return plan ? addInterval(changedAt, plan.interval, plan.intervalCount) : null;
  return change.planItem.current_period_end ?? null;
}

function isoDate(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

/**
 * The time Stripe computed the prorations at: its own clock, which is a test clock's (or the emulator's) time rather
 * than this server's. Stripe reports it on previews with prorations. Without prorations, an invoice billed now is
 * dated now by Stripe; an upcoming renewal is dated at the renewal, so it says nothing about "now" and this
 * server's clock stands in (nothing is prorated, so nothing depends on it).
 */
function stripeProrationDate(preview: Stripe.Invoice, billsNow: boolean): number {
  const reported = preview.parent?.subscription_details?.subscription_proration_date;
  if (reported !== undefined) return reported;
  return billsNow ? preview.created : Math.floor(Date.now() / 1000);
}

/**
 * `POST /preview-change`: what a plan change costs now and next, from Stripe's invoice preview, billed the way
 * `planChange.prorationBehavior` says (the same setting `/change-plan` applies and the portal configuration must
 * hold):
 * - `always_invoice`: due now is the proration invoice; the next invoice is the regular amount at renewal;
 * - `create_prorations`: nothing is due now; the next invoice is Stripe's upcoming invoice (regular amount plus the
 *   prorations) at renewal;
 * - `none`: nothing is due now; the next invoice is the upcoming one, without prorations.
 * A new interval restarts the billing cycle, and Stripe then invoices at once whatever the behaviour (without the
 * credit for unused time under `none`).
 */
export async function previewChangeRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<PreviewChangeRequest>,
): Promise<PreviewChangeResponse> {
  const { subscription, customer } = await ownedSubscription(ctx, identity, body.subscription);
  const catalog = await ctx.catalog.get();
  const change = planChange(ctx, catalog, subscription, body);
  const behavior = planChangeProrationBehavior(ctx.options);
  // No proration_date: Stripe prorates at its own "now" and reports it, so the figures hold on a test clock too.
  const trialEnd = trialEndOnChange(ctx, subscription, change.bundle.plan);
  const details: Stripe.InvoiceCreatePreviewParams.SubscriptionDetails = {
    items: change.items,
    proration_behavior: behavior,
  };
  // The same trial_end /change-plan sends, so the preview is what Stripe will charge.
  if (trialEnd !== undefined) details.trial_end = trialEnd;
  const params: Stripe.InvoiceCreatePreviewParams = {
    customer,
    subscription: subscription.id,
    subscription_details: details,
  };
  const discounts = await changeDiscounts(ctx, identity, subscription, body.promotionCode);
  if (discounts) params.discounts = discounts;
  const preview = await ctx.stripe.invoices.createPreview(params);
  // Ending a trial starts a paid period at once, like a new interval outside a trial.
  const restartsCycle = trialEnd === 'now' || (change.intervalChanges && subscription.status !== 'trialing');
  const billsNow = restartsCycle || behavior === 'always_invoice';
  const prorationDate = stripeProrationDate(preview, billsNow);
  if (behavior !== 'none') await rememberProrationDate(ctx.store, subscription.id, prorationDate);
  const renewal = isoDate(
    typeof trialEnd === 'number' ? trialEnd : renewalDate(change, restartsCycle, prorationDate),
  );
  return {
    currency: preview.currency,
    dueNow: billsNow ? preview.total : 0,
    nextInvoice: billsNow
      ? { amount: regularAmount(change), date: renewal }
      : { amount: preview.total, date: renewal },
    lines: preview.lines.data.map((line) => ({
      description: line.description ?? '',
      amount: line.amount,
      proration: isProration(line),
    })),
    prorationDate,
    trialEnd: isoDate(trialEndAfter(subscription, trialEnd)),
  };
}

/** When the trial ends after the change (null when there is none, or the change ends it). */
function trialEndAfter(
  subscription: Stripe.Subscription,
  trialEnd: number | 'now' | undefined,
): number | null {
  if (subscription.status !== 'trialing' || trialEnd === 'now') return null;
  return trialEnd ?? subscription.trial_end ?? null;
}
