import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { buildInvoice } from './invoicing.js';
import { describeItem, intervalOf, itemAmount } from './items.js';
import { addIntervals } from './periods.js';

/**
 * Starts a new billing cycle at `now` (ending a trial, resuming a pause): moves the anchor, gives every item the
 * new period and builds its invoice, which becomes the subscription's latest. The caller collects payment.
 */
export function restartPeriodNow(
  engine: Engine,
  sub: Stripe.Subscription,
  billingReason: Stripe.Invoice.BillingReason,
): Stripe.Invoice | undefined {
  const first = sub.items.data[0];
  if (!first) return undefined;
  const now = engine.now();
  const { interval, count } = intervalOf(first.price);
  const period = { start: now, end: addIntervals(now, interval, count) };
  sub.billing_cycle_anchor = now;
  for (const item of sub.items.data) {
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
  const invoice = buildInvoice(engine, {
    customer: engine.customer(sub.customer as string),
    subscription: sub,
    currency: sub.currency,
    lines: sub.items.data.map((item) => ({
      amount: itemAmount(item),
      description: describeItem(engine, item.price, item.quantity ?? 1),
      period,
      price: item.price,
      quantity: item.quantity ?? 1,
      proration: false,
      subscriptionItem: item.id,
    })),
    billingReason,
    periodStart: now,
    periodEnd: now,
    discounts: sub.discounts as string[],
  });
  sub.latest_invoice = invoice.id;
  return invoice;
}
