import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { newId } from '../state/ids.js';
import { fullList } from '../wire/list.js';
import { cardDeclined, invalidRequest, StripeApiError } from '../wire/stripe-error.js';
import { previousAttributes } from './diff.js';
import { createDiscounts, type DiscountChoice } from './discounts.js';
import { buildInvoice, issueInvoice, type LineInput, type PaymentOutcome } from './invoicing.js';
import { buildItem, describeItem, intervalOf, itemAmount } from './items.js';
import { addIntervals } from './periods.js';
import { restartPeriodNow } from './restart-period.js';

export type PaymentBehavior =
  | 'allow_incomplete'
  | 'default_incomplete'
  | 'error_if_incomplete'
  | 'pending_if_incomplete';

/** Everything needed to start a subscription (from the API or from a completed Checkout Session). */
export interface StartSubscription {
  customer: Stripe.Customer;
  items: Array<{ price: Stripe.Price; quantity: number; metadata?: Record<string, string> }>;
  trialEnd: number | null;
  metadata: Record<string, string>;
  description: string | null;
  discounts: DiscountChoice[];
  defaultPaymentMethod: string | null;
  paymentBehavior: PaymentBehavior;
  cancelAtPeriodEnd: boolean;
  cancelAt: number | null;
  collectionMethod: 'charge_automatically' | 'send_invoice';
  daysUntilDue: number | null;
  missingPaymentMethod: Stripe.Subscription.TrialSettings.EndBehavior.MissingPaymentMethod;
  checkoutSession?: string;
  /** Whether the customer is present (Checkout) so 3-D Secure can be completed on the spot. */
  onSession: boolean;
  /** The customer passed the 3-D Secure stand-in page. */
  authenticated?: boolean;
}

/** The payment method that pays a subscription's invoices: its own default, else the customer's. */
export function paymentMethodFor(engine: Engine, sub: Stripe.Subscription): string | null {
  const own = typeof sub.default_payment_method === 'string' ? sub.default_payment_method : null;
  if (own) return own;
  const customer = engine.state.customers[sub.customer as string];
  const dflt = customer?.invoice_settings.default_payment_method;
  return typeof dflt === 'string' ? dflt : (dflt?.id ?? null);
}

/** Creates, invoices and (per payment_behavior) charges a new subscription. */
export function startSubscription(
  engine: Engine,
  input: StartSubscription,
): { subscription: Stripe.Subscription; outcome: PaymentOutcome } {
  const now = engine.now();
  const first = input.items[0];
  if (!first) throw invalidRequest('Missing required param: items.', 'items', 'parameter_missing');
  const { interval, count } = intervalOf(first.price);
  const trialing = input.trialEnd !== null && input.trialEnd > now;
  const anchor = trialing ? (input.trialEnd as number) : now;
  const period = { start: now, end: trialing ? anchor : addIntervals(anchor, interval, count) };
  const pm = input.defaultPaymentMethod ?? readCustomerDefault(input.customer);
  const amount = input.items.reduce((s, i) => s + itemAmount(i), 0);
  const mustCollect = !trialing && amount > 0 && input.collectionMethod === 'charge_automatically';
  if (mustCollect && !pm && input.paymentBehavior !== 'default_incomplete') throw noPaymentMethod();
  const id = newId('sub');
  const sub: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancelAtPeriodEnd ? period.end : input.cancelAt,
    cancel_at_period_end: input.cancelAtPeriodEnd,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: input.collectionMethod,
    created: now,
    currency: first.price.currency,
    customer: input.customer.id,
    customer_account: null,
    days_until_due: input.daysUntilDue,
    default_payment_method: input.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: input.description,
    discounts: [],
    ended_at: null,
    invoice_settings: {
      account_tax_ids: null,
      custom_fields: null,
      description: null,
      footer: null,
      issuer: { type: 'self' },
    },
    items: fullList(
      input.items.map((i) => buildItem(engine, id, i.price, i.quantity, period, i.metadata)),
      `/v1/subscription_items?subscription=${id}`,
    ),
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: input.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: {
      payment_method_options: null,
      payment_method_types: null,
      save_default_payment_method: 'off',
    },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: trialing ? input.trialEnd : null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: input.missingPaymentMethod },
    },
    trial_start: trialing ? now : null,
  };
  sub.discounts = createDiscounts(engine, input.discounts, {
    subscription: id,
    customer: input.customer.id,
    checkoutSession: input.checkoutSession ?? null,
  });
  const lines: LineInput[] = sub.items.data.map((item) => ({
    amount: trialing ? 0 : itemAmount(item),
    description: trialing
      ? `Trial period for ${engine.state.products[item.price.product as string]?.name ?? item.price.product}`
      : describeItem(engine, item.price, item.quantity ?? 1),
    period,
    price: item.price,
    quantity: item.quantity ?? 1,
    proration: false,
    subscriptionItem: item.id,
  }));
  const invoice = buildInvoice(engine, {
    customer: input.customer,
    subscription: sub,
    currency: sub.currency,
    lines,
    billingReason: 'subscription_create',
    periodStart: now,
    periodEnd: now,
    discounts: sub.discounts as string[],
  });
  sub.latest_invoice = invoice.id;
  const attempt = input.paymentBehavior !== 'default_incomplete' || invoice.amount_due === 0;
  // The subscription exists before its first invoice, as in Stripe (invoice.parent points at it).
  engine.state.subscriptions[id] = sub;
  const outcome = issueInvoice(engine, invoice, pm, {
    offSession: !input.onSession,
    attempt,
    authenticated: input.authenticated ?? false,
  });
  if (outcome === 'paid') sub.status = trialing ? 'trialing' : 'active';
  if (outcome !== 'paid' && input.paymentBehavior === 'error_if_incomplete') {
    // The API route runs this inside `engine.atomically`, so the throw also removes the subscription,
    // its invoice and their events: Stripe creates nothing when it answers 402 here.
    throw paymentError(outcome);
  }
  dropOnceDiscounts(engine, sub);
  engine.emit('customer.subscription.created', sub);
  return { subscription: sub, outcome };
}

/**
 * The error Stripe answers when `payment_behavior: 'error_if_incomplete'` meets a payment that did
 * not go through: 402 `card_declined` for a decline, 402 `authentication_required` when the card
 * needs 3-D Secure off-session (Stripe's decline for that case), and Stripe's 400 when there is no
 * payment method to charge.
 */
export function paymentError(outcome: Exclude<PaymentOutcome, 'paid'>): StripeApiError {
  if (outcome === 'requires_action') {
    return new StripeApiError(
      402,
      'card_error',
      'Your card was declined. This transaction requires authentication.',
      'authentication_required',
      '',
      'authentication_required',
    );
  }
  if (outcome === 'no_payment_method') return noPaymentMethod();
  return cardDeclined();
}

/** Stripe's error for a charge with nothing to charge. */
export function noPaymentMethod(): StripeApiError {
  return new StripeApiError(
    400,
    'invalid_request_error',
    'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.',
    'resource_missing',
  );
}

function readCustomerDefault(customer: Stripe.Customer): string | null {
  const d = customer.invoice_settings.default_payment_method;
  return typeof d === 'string' ? d : (d?.id ?? null);
}

/** `duration: once` coupons apply to one invoice only; later invoices no longer carry them. */
export function dropOnceDiscounts(engine: Engine, sub: Stripe.Subscription): void {
  sub.discounts = (sub.discounts as string[]).filter((id) => {
    const d = engine.state.discounts[id];
    const couponId = d
      ? typeof d.source.coupon === 'string'
        ? d.source.coupon
        : d.source.coupon?.id
      : undefined;
    const coupon = couponId ? engine.state.coupons[couponId] : undefined;
    return coupon?.duration !== 'once' || sub.status === 'trialing';
  });
}

/** Ends a subscription now (API cancel, customer deletion, portal "cancel immediately", dunning). */
export function cancelNow(
  engine: Engine,
  sub: Stripe.Subscription,
  details: Partial<Pick<Stripe.Subscription.CancellationDetails, 'comment' | 'feedback' | 'reason'>> = {},
  at = engine.now(),
): void {
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? at;
  sub.ended_at = at;
  sub.cancellation_details = {
    comment: details.comment ?? sub.cancellation_details?.comment ?? null,
    feedback: details.feedback ?? sub.cancellation_details?.feedback ?? null,
    feedback_option: null,
    reason: details.reason ?? 'cancellation_requested',
  };
  // Pending prorations are dropped with the subscription.
  engine.state.pendingInvoiceItems = engine.state.pendingInvoiceItems.filter(
    (p) => p.subscription !== sub.id,
  );
  engine.emit('customer.subscription.deleted', sub);
}

/** Records the outcome of collecting a subscription invoice on the subscription's status. */
export function applyOutcome(sub: Stripe.Subscription, outcome: PaymentOutcome): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  const set = (status: Stripe.Subscription.Status) => {
    if (sub.status !== status) {
      previous.status = sub.status;
      sub.status = status;
    }
  };
  if (outcome === 'paid') set('active');
  else if (sub.status === 'active' || sub.status === 'trialing') set('past_due');
  return previous;
}

export { describeItem };

/** Starts a new paid period for a paused subscription and invoices it. */
export function resumePaused(engine: Engine, sub: Stripe.Subscription): void {
  const before = structuredClone(engine.render(sub));
  const invoice = restartPeriodNow(engine, sub, 'subscription_cycle');
  if (!invoice) return;
  const outcome = issueInvoice(engine, invoice, paymentMethodFor(engine, sub), { offSession: true });
  sub.status = outcome === 'paid' ? 'active' : 'past_due';
  engine.emit('customer.subscription.resumed', sub);
  engine.emit('customer.subscription.updated', sub, previousAttributes(before, engine.render(sub)));
}
