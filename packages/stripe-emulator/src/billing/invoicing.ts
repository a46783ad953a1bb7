import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { decimalString } from '../resources/prices.js';
import { newId } from '../state/ids.js';
import type { PendingInvoiceItem } from '../state/state.js';
import { fullList } from '../wire/list.js';
import { couponAmount, couponOfDiscount } from './discounts.js';
import { behaviourOfLast4 } from './test-cards.js';

/** One line to put on an invoice. */
export interface LineInput {
  amount: number;
  description: string;
  period: { start: number; end: number };
  price: Stripe.Price;
  quantity: number;
  proration: boolean;
  subscriptionItem: string | null;
}

/** An invoice line for a pending invoice item (prorations waiting for the next invoice). */
export function pendingItemLine(engine: Engine, item: PendingInvoiceItem): LineInput {
  return {
    amount: item.amount,
    description: item.description,
    period: item.period,
    price: engine.price(item.price),
    quantity: item.quantity,
    proration: item.proration,
    subscriptionItem: item.subscription_item,
  };
}

export interface InvoiceInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  currency: string;
  lines: LineInput[];
  billingReason: Stripe.Invoice.BillingReason;
  periodStart: number;
  periodEnd: number;
  /** Discount ids (di_...) whose coupons apply to the whole invoice. */
  discounts: string[];
  /** Previews are not stored and get an `upcoming_in_` id, as Stripe's create_preview does. */
  preview?: boolean;
  /** Coupons to apply instead of the discounts' own (previews of not-yet-created discounts). */
  coupons?: Stripe.Coupon[];
}

/** Days between automatic retries of a failed renewal, and how many retries before giving up. */
export const RETRY_DAYS = 3;
export const MAX_ATTEMPTS = 4;

/** Builds an invoice object with its lines and totals (draft; not stored). */
export function buildInvoice(engine: Engine, input: InvoiceInput): Stripe.Invoice {
  const now = engine.now();
  const id = input.preview ? newId('upcoming_in') : newId('in');
  const lines: Stripe.InvoiceLineItem[] = input.lines.map((l) => ({
    id: newId('il'),
    object: 'line_item',
    amount: l.amount,
    currency: input.currency,
    description: l.description,
    discount_amounts: [],
    discountable: !l.proration,
    discounts: [],
    invoice: input.preview ? null : id,
    livemode: false,
    metadata: {},
    parent: {
      invoice_item_details: null,
      subscription_item_details: l.subscriptionItem
        ? {
            invoice_item: l.proration ? newId('ii') : null,
            proration: l.proration,
            proration_details: { credited_items: null },
            subscription: input.subscription?.id ?? null,
            subscription_item: l.subscriptionItem,
          }
        : null,
      type: 'subscription_item_details',
    },
    period: l.period,
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: l.price.id, product: l.price.product as string },
      type: 'price_details',
      unit_amount_decimal: decimalString(l.price.unit_amount ?? 0),
    },
    quantity: l.quantity,
    quantity_decimal: decimalString(l.quantity),
    subscription: input.subscription?.id ?? null,
    subtotal: l.amount,
    taxes: [],
  }));
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const discountable = lines.filter((l) => l.discountable).reduce((sum, l) => sum + l.amount, 0);
  let remaining = discountable;
  const totalDiscounts: Stripe.Invoice.TotalDiscountAmount[] = [];
  const applied = input.coupons
    ? input.coupons.map((coupon, i) => ({ coupon, discount: input.discounts[i] ?? `di_preview_${i}` }))
    : input.discounts.map((discount) => ({ coupon: couponOfDiscount(engine, discount), discount }));
  for (const { coupon, discount } of applied) {
    if (!coupon) continue;
    const amount = couponAmount(coupon, remaining, input.currency);
    if (amount > 0) {
      totalDiscounts.push({ amount, discount });
      remaining -= amount;
    }
  }
  const discountTotal = totalDiscounts.reduce((s, d) => s + d.amount, 0);
  const total = subtotal - discountTotal;
  const amountDue = Math.max(0, total);
  const customer = input.customer;
  const invoice: Stripe.Invoice = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'Plankit Stripe Emulator',
    account_tax_ids: null,
    amount_due: amountDue,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: amountDue,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: !input.preview,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: input.billingReason,
    collection_method: input.subscription?.collection_method ?? 'charge_automatically',
    created: now,
    currency: input.currency,
    custom_fields: null,
    customer: customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    customer_shipping: null,
    customer_tax_exempt: 'none',
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [...input.discounts],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: fullList(lines, `/v1/invoices/${id}/lines`),
    livemode: false,
    metadata: {},
    next_payment_attempt: input.preview ? input.periodStart : null,
    number: null,
    on_behalf_of: null,
    parent: input.subscription
      ? {
          quote_details: null,
          subscription_details: {
            metadata: { ...input.subscription.metadata },
            subscription: input.subscription.id,
          },
          type: 'subscription_details',
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: input.periodEnd,
    period_start: input.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: null,
    total,
    total_discount_amounts: totalDiscounts,
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  return invoice;
}

/** Result of trying to collect an invoice. */
export type PaymentOutcome = 'paid' | 'failed' | 'requires_action' | 'no_payment_method';

/**
 * Stores, finalizes and tries to pay an invoice with the given payment method, recording Stripe's
 * events (invoice.created, invoice.finalized, then invoice.paid + invoice.payment_succeeded or
 * invoice.payment_failed / invoice.payment_action_required). Renewals are finalized at once rather
 * than after Stripe's one-hour draft window.
 */
export function issueInvoice(
  engine: Engine,
  invoice: Stripe.Invoice,
  paymentMethodId: string | null,
  options: { offSession: boolean; attempt?: boolean; authenticated?: boolean },
): PaymentOutcome {
  engine.state.invoices[invoice.id] = invoice;
  engine.emit('invoice.created', invoice);
  const customer = engine.state.customers[invoice.customer as string];
  engine.state.invoiceCounter += 1;
  const seq = customer?.next_invoice_sequence ?? engine.state.invoiceCounter;
  if (customer) customer.next_invoice_sequence = seq + 1;
  invoice.number = `${customer?.invoice_prefix ?? 'EMU'}-${String(seq).padStart(4, '0')}`;
  invoice.status = 'open';
  invoice.effective_at = engine.now();
  invoice.status_transitions.finalized_at = engine.now();
  invoice.hosted_invoice_url = `${engine.baseUrl}/invoice/${invoice.id}`;
  invoice.invoice_pdf = `${engine.baseUrl}/invoice/${invoice.id}/pdf`;
  engine.emit('invoice.finalized', invoice);
  if (options.attempt === false) return 'failed';
  return attemptPayment(engine, invoice, paymentMethodId, options.offSession, options.authenticated);
}

/** One collection attempt on an open invoice. */
export function attemptPayment(
  engine: Engine,
  invoice: Stripe.Invoice,
  paymentMethodId: string | null,
  offSession: boolean,
  /** The customer completed 3-D Secure on the hosted page. */
  authenticated = false,
): PaymentOutcome {
  const now = engine.now();
  if (invoice.amount_due === 0) {
    markPaid(engine, invoice, now);
    return 'paid';
  }
  const pm = paymentMethodId ? engine.state.paymentMethods[paymentMethodId] : undefined;
  invoice.attempted = true;
  invoice.attempt_count += 1;
  if (!pm?.card) {
    scheduleRetry(invoice, now);
    engine.emit('invoice.payment_failed', invoice);
    return 'no_payment_method';
  }
  const behaviour = behaviourOfLast4(pm.card.last4);
  if (behaviour === 'succeeds' || (behaviour === 'requires_authentication' && authenticated && !offSession)) {
    invoice.default_payment_method = pm.id;
    markPaid(engine, invoice, now);
    return 'paid';
  }
  if (behaviour === 'requires_authentication') {
    scheduleRetry(invoice, now);
    engine.emit('invoice.payment_action_required', invoice);
    if (offSession) engine.emit('invoice.payment_failed', invoice);
    return 'requires_action';
  }
  scheduleRetry(invoice, now);
  engine.emit('invoice.payment_failed', invoice);
  return 'failed';
}

function scheduleRetry(invoice: Stripe.Invoice, now: number): void {
  invoice.next_payment_attempt = invoice.attempt_count < MAX_ATTEMPTS ? now + RETRY_DAYS * 86_400 : null;
}

function markPaid(engine: Engine, invoice: Stripe.Invoice, now: number): void {
  const previous = { status: invoice.status, amount_paid: invoice.amount_paid };
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.next_payment_attempt = null;
  invoice.status_transitions.paid_at = now;
  engine.emit('invoice.paid', invoice, previous);
  engine.emit('invoice.payment_succeeded', invoice, previous);
}
