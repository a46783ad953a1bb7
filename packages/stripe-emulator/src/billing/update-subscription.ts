import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import type { Params } from '../wire/params.js';
import { mergeMetadata } from '../wire/params.js';
import { invalidRequest } from '../wire/stripe-error.js';
import { previousAttributes } from './diff.js';
import { createDiscounts, readDiscountParams } from './discounts.js';
import { buildInvoice, issueInvoice, type LineInput, type PaymentOutcome } from './invoicing.js';
import { planItems } from './item-changes.js';
import { buildItem, describeItem, intervalOf, itemAmount, planFromPrice } from './items.js';
import { type PaymentBehavior, paymentError, paymentMethodFor } from './lifecycle.js';
import { addIntervals } from './periods.js';
import { prorationLines } from './proration.js';
import { restartPeriodNow } from './restart-period.js';

export const FEEDBACK = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const;

export type ProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';

/** The current billing period (it lives on the items in current API versions). */
export function currentPeriod(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items.data[0];
  return {
    start: item?.current_period_start ?? sub.start_date,
    end: item?.current_period_end ?? sub.start_date,
  };
}

/**
 * Applies `POST /v1/subscriptions/:id` params (also used by the portal pages and subscription item
 * endpoints) and records one `customer.subscription.updated` event with `previous_attributes`.
 */
export function updateSubscription(
  engine: Engine,
  sub: Stripe.Subscription,
  params: Params,
): Stripe.Subscription {
  if (params.str('payment_behavior') !== 'error_if_incomplete') return applyUpdate(engine, sub, params);
  // All-or-nothing, as Stripe leaves the subscription unchanged when it answers 402. On failure the
  // saved copy of the state is put back (the caller's `sub` object is then stale, but it throws).
  return engine.atomically(() => applyUpdate(engine, sub, params));
}

function applyUpdate(engine: Engine, sub: Stripe.Subscription, params: Params): Stripe.Subscription {
  const now = engine.now();
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    const allowed = ['metadata', 'cancellation_details', 'expand'];
    const other = Object.keys(params.raw).find((k) => !allowed.includes(k));
    if (other) {
      throw invalidRequest(
        'A canceled subscription can only update its cancellation_details and metadata.',
        other,
      );
    }
  }
  const before = structuredClone(engine.render(sub));
  const prorationBehavior =
    params.enumOf('proration_behavior', ['create_prorations', 'always_invoice', 'none'] as const) ??
    'create_prorations';
  const prorationDate = params.int('proration_date') ?? now;
  const paymentBehavior: PaymentBehavior | undefined = params.enumOf('payment_behavior', [
    'allow_incomplete',
    'default_incomplete',
    'error_if_incomplete',
    'pending_if_incomplete',
  ] as const);

  if (params.has('default_payment_method')) {
    const ref = params.nullableStr('default_payment_method') ?? null;
    if (ref) {
      const pm = engine.state.paymentMethods[ref];
      if (!pm || pm.customer !== sub.customer) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${ref}. The payment method must be attached to the customer.`,
          'default_payment_method',
          'resource_missing',
        );
      }
    }
    sub.default_payment_method = ref;
  }
  if (params.has('metadata')) sub.metadata = mergeMetadata(sub.metadata, params.metadata());
  if (params.has('description')) sub.description = params.nullableStr('description') ?? null;
  const collection = params.enumOf('collection_method', ['charge_automatically', 'send_invoice'] as const);
  if (collection) sub.collection_method = collection;
  if (params.has('days_until_due')) sub.days_until_due = params.int('days_until_due') ?? null;

  const details = params.obj('cancellation_details');
  if (details) {
    const feedback = details.isUnset('feedback') ? null : details.enumOf('feedback', FEEDBACK);
    const current = sub.cancellation_details ?? {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: null,
    };
    sub.cancellation_details = {
      ...current,
      comment: details.has('comment') ? (details.nullableStr('comment') ?? null) : current.comment,
      feedback: details.has('feedback') ? (feedback ?? null) : current.feedback,
    };
  }

  if (params.has('discounts')) {
    const list = params.objList('discounts') ?? [];
    const keep: string[] = [];
    const fresh = readDiscountParams(
      engine,
      list.filter((d) => {
        const existing = d.str('discount');
        if (existing) {
          if (!engine.state.discounts[existing])
            throw invalidRequest(
              `No such discount: '${existing}'`,
              `${d.prefix}[discount]`,
              'resource_missing',
            );
          keep.push(existing);
          return false;
        }
        return true;
      }),
      sub.customer as string,
    );
    sub.discounts = [
      ...keep,
      ...createDiscounts(engine, fresh, { subscription: sub.id, customer: sub.customer as string }),
    ];
  }

  if (params.has('pause_collection')) {
    const pause = params.obj('pause_collection');
    if (!pause) sub.pause_collection = null;
    else {
      const behavior = pause.enumOf('behavior', ['keep_as_draft', 'mark_uncollectible', 'void'] as const);
      if (!behavior)
        throw invalidRequest(
          'Missing required param: pause_collection[behavior].',
          'pause_collection[behavior]',
          'parameter_missing',
        );
      sub.pause_collection = { behavior, resumes_at: pause.int('resumes_at') ?? null };
    }
  }

  const itemParams = params.objList('items');
  // In the current API version the anchor is an object, `billing_cycle_anchor[type]=now|unchanged`
  // (the plain string of older versions is refused as an invalid object, as Stripe does).
  const anchorNow =
    params.obj('billing_cycle_anchor')?.enumOf('type', ['now', 'unchanged'] as const) === 'now';
  const trialing = sub.status === 'trialing';
  if (anchorNow && trialing && params.str('trial_end') !== 'now') {
    // Wording not verified against the live API: a trial keeps its own anchor until it ends.
    throw invalidRequest(
      'A trialing subscription can only reset its billing cycle anchor to now together with trial_end=now.',
      'billing_cycle_anchor',
    );
  }
  let immediateLines: LineInput[] = [];
  const billingReason: Stripe.Invoice.BillingReason = 'subscription_update';
  if ((itemParams && itemParams.length > 0) || (anchorNow && !trialing)) {
    const plan = planItems(engine, sub, itemParams);
    const period = currentPeriod(sub);
    const oldInterval = sub.items.data[0] ? intervalOf(sub.items.data[0].price) : undefined;
    const firstNext = plan.next[0];
    const newInterval = firstNext ? intervalOf(firstNext.price) : undefined;
    const intervalChanged =
      oldInterval &&
      newInterval &&
      (oldInterval.interval !== newInterval.interval || oldInterval.count !== newInterval.count);
    const credits =
      trialing || prorationBehavior === 'none'
        ? []
        : prorationLines(engine, plan.changes, period, prorationDate);
    let nextPeriod = period;
    if ((intervalChanged || anchorNow) && !trialing && newInterval) {
      // A new interval or `billing_cycle_anchor: 'now'` restarts the billing cycle now and bills the
      // new period at once (Stripe's rule); the unused time on every old item is credited unless
      // proration_behavior is none.
      nextPeriod = { start: now, end: addIntervals(now, newInterval.interval, newInterval.count) };
      sub.billing_cycle_anchor = now;
      const unused =
        prorationBehavior === 'none'
          ? []
          : prorationLines(
              engine,
              plan.changes
                .filter((c) => c.before !== null)
                .map((c) => ({ itemId: c.itemId, before: c.before, after: null })),
              period,
              prorationDate,
            );
      immediateLines = [
        ...unused,
        ...plan.next.map((n) => ({
          amount: itemAmount(n),
          description: describeItem(engine, n.price, n.quantity),
          period: nextPeriod,
          price: n.price,
          quantity: n.quantity,
          proration: false,
          subscriptionItem: n.id,
        })),
      ];
    } else if (prorationBehavior === 'always_invoice') {
      immediateLines = credits;
    } else if (prorationBehavior === 'create_prorations') {
      for (const line of credits) {
        engine.state.pendingInvoiceItems.push({
          id: `ii_${line.subscriptionItem}_${engine.state.pendingInvoiceItems.length}`,
          subscription: sub.id,
          subscription_item: line.subscriptionItem ?? '',
          price: line.price.id,
          quantity: line.quantity,
          amount: line.amount,
          currency: sub.currency,
          description: line.description,
          period: line.period,
          proration: true,
        });
      }
    }
    sub.items.data = plan.next.map((n) => {
      const existing = sub.items.data.find((i) => i.id === n.id);
      if (existing) {
        existing.price = n.price;
        existing.plan = planFromPrice(n.price);
        existing.quantity = n.quantity;
        existing.metadata = n.metadata;
        existing.current_period_start = nextPeriod.start;
        existing.current_period_end = nextPeriod.end;
        return existing;
      }
      const item = buildItem(engine, sub.id, n.price, n.quantity, nextPeriod, n.metadata);
      item.id = n.id;
      return item;
    });
    sub.currency = firstNext?.price.currency ?? sub.currency;
  }

  let outcome = applyTrialEnd(engine, sub, params, now, paymentBehavior);
  applyCancellation(sub, params, now);

  if (immediateLines.length > 0) {
    const customer = engine.customer(sub.customer as string);
    const invoice = buildInvoice(engine, {
      customer,
      subscription: sub,
      currency: sub.currency,
      lines: immediateLines,
      billingReason,
      periodStart: now,
      periodEnd: now,
      discounts: sub.discounts as string[],
    });
    sub.latest_invoice = invoice.id;
    outcome = collect(engine, sub, invoice, paymentBehavior);
  }
  if (paymentBehavior === 'error_if_incomplete' && outcome && outcome !== 'paid') {
    // Stripe refuses the whole update (402); `updateSubscription` runs it atomically, so this throw
    // also undoes the invoice, the changes and their events.
    throw paymentError(outcome);
  }

  const previous = previousAttributes(before, engine.render(sub));
  if (Object.keys(previous).length > 0) engine.emit('customer.subscription.updated', sub, previous);
  return sub;
}

function applyTrialEnd(
  engine: Engine,
  sub: Stripe.Subscription,
  params: Params,
  now: number,
  paymentBehavior: PaymentBehavior | undefined,
): PaymentOutcome | undefined {
  if (!params.has('trial_end')) return undefined;
  const raw = params.str('trial_end');
  const end = raw === 'now' ? now : params.int('trial_end');
  if (end === undefined) return undefined;
  if (raw !== 'now' && end <= now) {
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
  }
  const first = sub.items.data[0];
  if (!first) return undefined;
  if (raw === 'now') {
    if (sub.status !== 'trialing') return undefined;
    // Ending a trial starts a paid period now and invoices it.
    sub.trial_end = now;
    const invoice = restartPeriodNow(engine, sub, 'subscription_update');
    if (!invoice) return undefined;
    // The trial is over whatever the payment does: a failed or unattempted first charge is past_due.
    sub.status = 'past_due';
    return collect(engine, sub, invoice, paymentBehavior);
  }
  sub.trial_end = end;
  sub.trial_start = sub.trial_start ?? now;
  sub.status = 'trialing';
  sub.billing_cycle_anchor = end;
  for (const item of sub.items.data) item.current_period_end = end;
  return undefined;
}

/**
 * Finalizes an invoice the update created and charges it per `payment_behavior` (Stripe's API
 * reference): `default_incomplete` leaves it open, unattempted, and the subscription past_due until
 * the invoice is paid; the other behaviours charge at once, and a failure makes the subscription
 * past_due (`allow_incomplete`, the default) or is turned into a 402 by the caller
 * (`error_if_incomplete`).
 */
function collect(
  engine: Engine,
  sub: Stripe.Subscription,
  invoice: Stripe.Invoice,
  paymentBehavior: PaymentBehavior | undefined,
): PaymentOutcome {
  const attempt = paymentBehavior !== 'default_incomplete' || invoice.amount_due === 0;
  const outcome = issueInvoice(engine, invoice, paymentMethodFor(engine, sub), {
    offSession: true,
    attempt,
  });
  if (outcome === 'paid') sub.status = 'active';
  else if (sub.status === 'active' || sub.status === 'trialing') sub.status = 'past_due';
  return outcome;
}

function applyCancellation(sub: Stripe.Subscription, params: Params, now: number): void {
  const atPeriodEnd = params.bool('cancel_at_period_end');
  const period = currentPeriod(sub);
  if (atPeriodEnd !== undefined) {
    sub.cancel_at_period_end = atPeriodEnd;
    sub.cancel_at = atPeriodEnd ? period.end : null;
    sub.canceled_at = atPeriodEnd ? (sub.canceled_at ?? now) : null;
  }
  if (params.has('cancel_at')) {
    const value = params.str('cancel_at');
    if (value === '' || value === undefined) {
      sub.cancel_at = null;
      sub.cancel_at_period_end = false;
    } else if (value === 'max_period_end' || value === 'min_period_end') {
      sub.cancel_at = period.end;
    } else {
      const at = params.int('cancel_at') as number;
      sub.cancel_at = at;
      sub.cancel_at_period_end = at === period.end;
    }
  }
  const scheduled = sub.cancel_at !== null;
  const details = sub.cancellation_details ?? {
    comment: null,
    feedback: null,
    feedback_option: null,
    reason: null,
  };
  if (scheduled) sub.cancellation_details = { ...details, reason: 'cancellation_requested' };
  else if (atPeriodEnd === false || params.isUnset('cancel_at')) {
    // Reactivating clears the recorded cancellation, as Stripe does.
    sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null };
    sub.canceled_at = null;
  }
}
