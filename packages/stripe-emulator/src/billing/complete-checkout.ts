import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { customerDetails } from '../resources/checkout-sessions.js';
import { createBuyerCustomer } from '../resources/customers.js';
import { attachPaymentMethod, createCardPaymentMethod } from '../resources/payment-methods.js';
import { StripeApiError } from '../wire/stripe-error.js';
import { completePayment } from './complete-payment.js';
import { choiceFromPromotionCode, type DiscountChoice } from './discounts.js';
import { startSubscription } from './lifecycle.js';
import { cardFromNumber } from './test-cards.js';

export interface CheckoutPayment {
  cardNumber: string;
  email?: string;
  name?: string;
  promotionCode?: string;
  /** Set once the 3-D Secure stand-in page was approved. */
  authenticated?: boolean;
}

export type CheckoutResult =
  | { kind: 'complete'; redirect: string | null }
  | { kind: 'requires_action' }
  | { kind: 'error'; field: 'card' | 'email' | 'promotion_code' | 'session'; message: string };

/** Where to send the customer after paying: success_url with `{CHECKOUT_SESSION_ID}` filled in. */
export function successRedirect(session: Stripe.Checkout.Session): string | null {
  return session.success_url ? session.success_url.split('{CHECKOUT_SESSION_ID}').join(session.id) : null;
}

/** Finds an active promotion code by its customer-facing code (case-insensitive, as Stripe). */
export function findPromotionCode(engine: Engine, code: string): Stripe.PromotionCode | undefined {
  return Object.values(engine.state.promotionCodes).find(
    (p) => p.active && p.code.toLowerCase() === code.trim().toLowerCase(),
  );
}

/**
 * Pays a Checkout Session from the hosted page. In subscription mode: creates the customer (for customer_email
 * sessions), the card payment method, the subscription and its paid first invoice, then completes the session.
 * In payment mode the one-time amount is charged (see completePayment).
 * A declining card leaves the session open with nothing created, as in Stripe Checkout.
 */
export function completeCheckout(
  engine: Engine,
  session: Stripe.Checkout.Session,
  payment: CheckoutPayment,
): CheckoutResult {
  if (session.status !== 'open')
    return { kind: 'error', field: 'session', message: 'This Checkout Session is no longer open.' };
  const extras = engine.state.checkoutExtras[session.id];
  if (!extras) return { kind: 'error', field: 'session', message: 'Unknown Checkout Session.' };
  const card = cardFromNumber(payment.cardNumber);
  if (!card) return { kind: 'error', field: 'card', message: 'Your card number is incorrect.' };
  if (card.behaviour === 'declines' || card.behaviour === 'charge_fails') {
    return { kind: 'error', field: 'card', message: 'Your card was declined.' };
  }
  if (card.behaviour === 'requires_authentication' && !payment.authenticated)
    return { kind: 'requires_action' };
  let discounts: DiscountChoice[] = [];
  const existingCustomerId = session.customer as string | null;
  if (payment.promotionCode?.trim() && session.allow_promotion_codes) {
    const promo = findPromotionCode(engine, payment.promotionCode);
    if (!promo) return { kind: 'error', field: 'promotion_code', message: 'This code is invalid.' };
    try {
      discounts = [choiceFromPromotionCode(engine, promo, existingCustomerId ?? undefined)];
    } catch {
      return { kind: 'error', field: 'promotion_code', message: 'This code is invalid.' };
    }
  } else {
    discounts = extras.discounts.map((d) => {
      if (d.promotion_code) return choiceFromPromotionCode(engine, engine.promotionCode(d.promotion_code));
      return { coupon: engine.coupon(d.coupon ?? ''), promotionCode: null };
    });
  }
  const email = session.customer_email ?? payment.email?.trim() ?? null;
  if (!existingCustomerId && !email)
    return { kind: 'error', field: 'email', message: 'Enter your email address.' };
  if (session.mode === 'payment') {
    completePayment(engine, session, { email, name: payment.name ?? null, discounts });
    return { kind: 'complete', redirect: successRedirect(session) };
  }

  const customer = existingCustomerId
    ? engine.customer(existingCustomerId)
    : createBuyerCustomer(engine, email, payment.name ?? null);
  const pm = createCardPaymentMethod(engine, card);
  if (payment.name) pm.billing_details.name = payment.name;
  pm.billing_details.email = customer.email;
  attachPaymentMethod(engine, pm, customer.id);
  const now = engine.now();
  const trialEnd =
    extras.trial_end ?? (extras.trial_period_days ? now + extras.trial_period_days * 86_400 : null);
  let subscription: Stripe.Subscription;
  try {
    ({ subscription } = startSubscription(engine, {
      customer,
      items: extras.line_items.map((li) => ({ price: engine.price(li.price), quantity: li.quantity })),
      trialEnd,
      metadata: extras.subscription_metadata,
      description: extras.subscription_description,
      discounts,
      defaultPaymentMethod: pm.id,
      paymentBehavior: 'allow_incomplete',
      cancelAtPeriodEnd: false,
      cancelAt: null,
      collectionMethod: 'charge_automatically',
      daysUntilDue: null,
      missingPaymentMethod: 'create_invoice',
      checkoutSession: session.id,
      onSession: true,
      authenticated: payment.authenticated ?? false,
    }));
  } catch (err) {
    if (err instanceof StripeApiError) return { kind: 'error', field: 'card', message: err.message };
    throw err;
  }
  const invoice = subscription.latest_invoice
    ? engine.state.invoices[subscription.latest_invoice as string]
    : undefined;
  session.status = 'complete';
  session.payment_status = invoice && invoice.amount_due > 0 ? 'paid' : 'no_payment_required';
  session.customer = customer.id;
  session.customer_details = customerDetails(customer.email, payment.name ?? customer.name ?? null);
  session.subscription = subscription.id;
  session.invoice = invoice?.id ?? null;
  session.amount_subtotal = invoice?.subtotal ?? session.amount_subtotal;
  session.amount_total = invoice?.total ?? session.amount_total;
  session.total_details = {
    amount_discount: (invoice?.total_discount_amounts ?? []).reduce((s, d) => s + d.amount, 0),
    amount_shipping: 0,
    amount_tax: 0,
  };
  if (discounts.length) {
    session.discounts = discounts.map((d) => ({
      coupon: d.coupon.id,
      promotion_code: d.promotionCode?.id ?? null,
    }));
  }
  session.url = null;
  engine.emit('checkout.session.completed', session);
  return { kind: 'complete', redirect: successRedirect(session) };
}
