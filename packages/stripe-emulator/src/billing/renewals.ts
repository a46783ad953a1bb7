import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { expireDueSessions } from '../resources/checkout-sessions.js';
import { currentPeriod } from './current-period.js';
import { previousAttributes } from './diff.js';
import { attemptPayment, buildInvoice, issueInvoice, type LineInput, pendingItemLine } from './invoicing.js';
import { describeItem, intervalOf, itemAmount } from './items.js';
import { cancelNow, dropOnceDiscounts, paymentMethodFor } from './lifecycle.js';
import { periodEndAfter } from './periods.js';

/** How long an `incomplete` subscription waits for its first payment before `incomplete_expired` (Stripe: 23 h). */
const INCOMPLETE_WINDOW = 23 * 3600;
/** `customer.subscription.trial_will_end` is sent three days before the trial ends. */
const TRIAL_WILL_END = 3 * 86_400;

interface Due {
  at: number;
  run: () => void;
}

/**
 * Runs, in time order, everything that falls due up to `until`: period renewals, trial ends,
 * scheduled cancellations, payment retries (past_due, then unpaid once retries are exhausted),
 * incomplete expiry, pause_collection resumption and Checkout Session expiry. The clock is stopped at
 * each step's time while it runs, so what it records carries the right `created`.
 */
export function runDueBilling(engine: Engine, until: number): void {
  for (let guard = 0; guard < 10_000; guard++) {
    const due = nextDue(engine, until);
    if (!due) break;
    engine.runAt(Math.max(engine.now(), due.at), due.run);
  }
  engine.state.clockOffset = until - Math.floor(Date.now() / 1000);
  expireDueSessions(engine);
}

function nextDue(engine: Engine, until: number): Due | undefined {
  let best: Due | undefined;
  const consider = (at: number | null | undefined, run: () => void) => {
    if (at === null || at === undefined || at > until) return;
    if (!best || at < best.at) best = { at, run };
  };
  for (const sub of Object.values(engine.state.subscriptions)) {
    if (sub.status === 'canceled' || sub.status === 'incomplete_expired') continue;
    if (sub.status === 'incomplete') {
      consider(sub.created + INCOMPLETE_WINDOW, () => expireIncomplete(engine, sub));
      continue;
    }
    const period = currentPeriod(sub);
    if (sub.cancel_at !== null && sub.cancel_at <= period.end) {
      // A scheduled cancellation inside the current period ends it instead of a renewal.
      consider(sub.cancel_at, () =>
        cancelNow(engine, sub, { reason: 'cancellation_requested' }, sub.cancel_at ?? undefined),
      );
      continue;
    }
    if (sub.status === 'trialing' && sub.trial_end !== null) {
      const warnAt = sub.trial_end - TRIAL_WILL_END;
      if (engine.state.trialNotices[sub.id] !== sub.trial_end && warnAt > sub.created) {
        consider(warnAt, () => trialWillEnd(engine, sub));
      }
      consider(sub.trial_end, () => endTrial(engine, sub));
      continue;
    }
    if (sub.pause_collection?.resumes_at) {
      consider(sub.pause_collection.resumes_at, () => resumeCollection(engine, sub));
    }
    if (sub.status === 'paused') continue;
    consider(period.end, () => renew(engine, sub));
  }
  for (const invoice of Object.values(engine.state.invoices)) {
    if (invoice.status !== 'open' || invoice.next_payment_attempt === null) continue;
    const subId = invoice.parent?.subscription_details?.subscription as string | undefined;
    const sub = subId ? engine.state.subscriptions[subId] : undefined;
    if (
      !sub ||
      sub.status === 'canceled' ||
      sub.status === 'incomplete' ||
      sub.status === 'incomplete_expired'
    )
      continue;
    consider(invoice.next_payment_attempt, () => retry(engine, sub, invoice));
  }
  return best;
}

function trialWillEnd(engine: Engine, sub: Stripe.Subscription): void {
  engine.state.trialNotices[sub.id] = sub.trial_end ?? 0;
  engine.emit('customer.subscription.trial_will_end', sub);
}

function expireIncomplete(engine: Engine, sub: Stripe.Subscription): void {
  const before = structuredClone(engine.render(sub));
  sub.status = 'incomplete_expired';
  sub.ended_at = engine.now();
  const invoice = sub.latest_invoice ? engine.state.invoices[sub.latest_invoice as string] : undefined;
  if (invoice?.status === 'open') {
    invoice.status = 'void';
    invoice.next_payment_attempt = null;
    invoice.status_transitions.voided_at = engine.now();
    engine.emit('invoice.voided', invoice);
  }
  engine.emit('customer.subscription.updated', sub, previousAttributes(before, engine.render(sub)));
}

function periodLinesFor(
  engine: Engine,
  sub: Stripe.Subscription,
  period: { start: number; end: number },
): LineInput[] {
  const pending = engine.state.pendingInvoiceItems.filter((p) => p.subscription === sub.id);
  engine.state.pendingInvoiceItems = engine.state.pendingInvoiceItems.filter(
    (p) => p.subscription !== sub.id,
  );
  return [
    ...pending.map((item) => pendingItemLine(engine, item)),
    ...sub.items.data.map((i) => ({
      amount: itemAmount(i),
      description: describeItem(engine, i.price, i.quantity ?? 1),
      period,
      price: engine.state.prices[i.price.id] ?? i.price,
      quantity: i.quantity ?? 1,
      proration: false,
      subscriptionItem: i.id,
    })),
  ];
}

/** Starts the next period and invoices it. */
function startPeriod(
  engine: Engine,
  sub: Stripe.Subscription,
  start: number,
  reason: Stripe.Invoice.BillingReason,
): ReturnType<typeof issueInvoice> | 'not_attempted' {
  const first = sub.items.data[0];
  if (!first) return 'not_attempted';
  const { interval, count } = intervalOf(first.price);
  // Periods are counted from the fixed anchor, which Stripe never moves on renewal: a Jan 31 anchor
  // bills on Feb 28/29, then Mar 31 again (no drift to the 28th).
  const period = { start, end: periodEndAfter(sub.billing_cycle_anchor, start, interval, count) };
  for (const item of sub.items.data) {
    item.current_period_start = period.start;
    item.current_period_end = period.end;
  }
  const customer = engine.customer(sub.customer as string);
  const invoice = buildInvoice(engine, {
    customer,
    subscription: sub,
    currency: sub.currency,
    lines: periodLinesFor(engine, sub, period),
    billingReason: reason,
    periodStart: start,
    periodEnd: start,
    discounts: activeDiscounts(engine, sub),
  });
  sub.latest_invoice = invoice.id;
  const pause = sub.pause_collection;
  if (pause) {
    // Paused collection: the invoice is kept as a draft, voided or marked uncollectible, never charged.
    engine.state.invoices[invoice.id] = invoice;
    engine.emit('invoice.created', invoice);
    if (pause.behavior === 'void') invoice.status = 'void';
    if (pause.behavior === 'mark_uncollectible') invoice.status = 'uncollectible';
    return 'not_attempted';
  }
  // Unpaid subscriptions keep invoicing but Stripe stops attempting payment.
  const attempt = sub.status !== 'unpaid';
  const outcome = issueInvoice(engine, invoice, paymentMethodFor(engine, sub), { offSession: true, attempt });
  dropOnceDiscounts(engine, sub);
  return attempt ? outcome : 'not_attempted';
}

function activeDiscounts(engine: Engine, sub: Stripe.Subscription): string[] {
  const now = engine.now();
  return (sub.discounts as string[]).filter((id) => {
    const d = engine.state.discounts[id];
    return d && (d.end === null || d.end > now);
  });
}

function renew(engine: Engine, sub: Stripe.Subscription): void {
  const before = structuredClone(engine.render(sub));
  const outcome = startPeriod(engine, sub, currentPeriod(sub).end, 'subscription_cycle');
  if (outcome === 'paid' && sub.status === 'past_due') sub.status = 'active';
  else if (outcome !== 'paid' && outcome !== 'not_attempted' && sub.status === 'active')
    sub.status = 'past_due';
  engine.emit('customer.subscription.updated', sub, previousAttributes(before, engine.render(sub)));
}

function endTrial(engine: Engine, sub: Stripe.Subscription): void {
  const before = structuredClone(engine.render(sub));
  const at = sub.trial_end ?? engine.now();
  const pm = paymentMethodFor(engine, sub);
  const missing = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
  if (!pm && missing === 'cancel') {
    cancelNow(engine, sub, { reason: 'cancellation_requested' }, at);
    return;
  }
  if (!pm && missing === 'pause') {
    sub.status = 'paused';
    engine.emit('customer.subscription.paused', sub);
    engine.emit('customer.subscription.updated', sub, previousAttributes(before, engine.render(sub)));
    return;
  }
  sub.billing_cycle_anchor = at;
  const outcome = startPeriod(engine, sub, at, 'subscription_cycle');
  sub.status = outcome === 'paid' ? 'active' : 'past_due';
  engine.emit('customer.subscription.updated', sub, previousAttributes(before, engine.render(sub)));
}

function retry(engine: Engine, sub: Stripe.Subscription, invoice: Stripe.Invoice): void {
  const before = structuredClone(engine.render(sub));
  const outcome = attemptPayment(engine, invoice, paymentMethodFor(engine, sub), true);
  if (outcome === 'paid') {
    if (sub.status === 'past_due' || sub.status === 'unpaid') sub.status = 'active';
  } else if (invoice.next_payment_attempt === null) {
    // Retries exhausted: the emulator applies the "mark the subscription as unpaid" dunning setting.
    sub.status = 'unpaid';
  } else if (sub.status === 'active') {
    sub.status = 'past_due';
  }
  const previous = previousAttributes(before, engine.render(sub));
  if (Object.keys(previous).length) engine.emit('customer.subscription.updated', sub, previous);
}

function resumeCollection(engine: Engine, sub: Stripe.Subscription): void {
  const before = structuredClone(engine.render(sub));
  sub.pause_collection = null;
  engine.emit('customer.subscription.updated', sub, previousAttributes(before, engine.render(sub)));
}
