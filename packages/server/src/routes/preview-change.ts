import type { PreviewChangeRequest, PreviewChangeResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { findPromotionCode } from '../stripe/find-promotion-code';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { type PlanChange, planChange } from '../subscriptions/plan-change';

/** Proration behaviour for in-app changes: the difference is invoiced (and charged) right away. */
export const prorationBehavior = 'always_invoice' as const;

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

/** The next regular invoice after the change: the new items' amounts, on the (new) renewal date. */
function nextInvoice(change: PlanChange, prorationDate: number): PreviewChangeResponse['nextInvoice'] {
  const amount = change.bundle.items.reduce((sum, item) => sum + item.price.unitAmount * item.quantity, 0);
  const plan = change.bundle.items[0]?.price;
  const renewal = change.intervalChanges
    ? plan
      ? addInterval(prorationDate, plan.interval, plan.intervalCount)
      : null
    : (change.planItem.current_period_end ?? null);
  return { amount, date: renewal === null ? null : new Date(renewal * 1000).toISOString() };
}

/** `POST /preview-change`: what a plan change costs now and next, from Stripe's invoice preview. */
export async function previewChangeRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<PreviewChangeRequest>,
): Promise<PreviewChangeResponse> {
  const { subscription, customer } = await ownedSubscription(ctx, identity, body.subscription);
  const catalog = await ctx.catalog.get();
  const change = planChange(ctx, catalog, subscription, body);
  const prorationDate = Math.floor(Date.now() / 1000);
  const params: Stripe.InvoiceCreatePreviewParams = {
    customer,
    subscription: subscription.id,
    subscription_details: {
      items: change.items,
      proration_behavior: prorationBehavior,
      proration_date: prorationDate,
    },
  };
  if (body.promotionCode) {
    params.discounts = [{ promotion_code: await findPromotionCode(ctx.stripe, body.promotionCode) }];
  }
  const preview = await ctx.stripe.invoices.createPreview(params);
  return {
    currency: preview.currency,
    dueNow: preview.total,
    nextInvoice: nextInvoice(change, prorationDate),
    lines: preview.lines.data.map((line) => ({
      description: line.description ?? '',
      amount: line.amount,
      proration: isProration(line),
    })),
    prorationDate,
  };
}
