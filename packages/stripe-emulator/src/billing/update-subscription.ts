import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import type { Params } from '../wire/params.js';
import { mergeMetadata } from '../wire/params.js';
import { invalidRequest } from '../wire/stripe-error.js';
import { applyCancellation, applyCancellationDetails } from './cancellation.js';
import { collectUpdateInvoice } from './collect-update-invoice.js';
import { previousAttributes } from './diff.js';
import { createDiscounts, readDiscountParams } from './discounts.js';
import { buildInvoice } from './invoicing.js';
import { type PaymentBehavior, paymentError } from './lifecycle.js';
import { applyTrialEnd } from './trial-end.js';
import { applyItemChanges } from './update-items.js';

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

  applyCancellationDetails(sub, params);

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

  const immediateLines = applyItemChanges(engine, sub, params, { now, prorationBehavior, prorationDate });
  const billingReason: Stripe.Invoice.BillingReason = 'subscription_update';

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
    outcome = collectUpdateInvoice(engine, sub, invoice, paymentBehavior);
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
