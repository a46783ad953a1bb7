import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { customerDetails } from '../resources/checkout-sessions.js';
import { createBuyerCustomer } from '../resources/customers.js';
import { newId } from '../state/ids.js';
import { sessionTotals } from './checkout-totals.js';
import { countRedemption, type DiscountChoice } from './discounts.js';

export interface OneTimePayment {
  email: string | null;
  name: string | null;
  discounts: DiscountChoice[];
}

/**
 * Completes a `payment` mode session: the one-time amount is charged and the session is complete, with no
 * subscription and no invoice. As in Stripe, the card is not saved to the customer (no `setup_future_usage`), and
 * a session without a customer creates one only when `customer_creation` is `always` (else the buyer is a guest,
 * known by `customer_details`). The emulator keeps no PaymentIntents: `payment_intent` names one it cannot serve.
 */
export function completePayment(
  engine: Engine,
  session: Stripe.Checkout.Session,
  payment: OneTimePayment,
): void {
  const extras = engine.state.checkoutExtras[session.id];
  if (!extras) throw new Error(`no line items kept for ${session.id}`);
  const existing = typeof session.customer === 'string' ? engine.customer(session.customer) : null;
  const created =
    !existing && session.customer_creation === 'always'
      ? createBuyerCustomer(engine, payment.email, payment.name)
      : null;
  const customer = existing ?? created;
  const chosen = payment.discounts.map((d) =>
    d.promotionCode ? { promotion_code: d.promotionCode.id } : { coupon: d.coupon.id },
  );
  const totals = sessionTotals(engine, { ...extras, discounts: chosen }, session.currency ?? 'usd');
  for (const choice of payment.discounts) countRedemption(choice);
  session.status = 'complete';
  session.payment_status = totals.total > 0 ? 'paid' : 'no_payment_required';
  session.payment_intent = totals.total > 0 ? newId('pi') : null;
  session.customer = customer?.id ?? null;
  session.customer_details = customerDetails(
    customer?.email ?? payment.email,
    payment.name ?? customer?.name ?? null,
  );
  session.amount_subtotal = totals.subtotal;
  session.amount_total = totals.total;
  session.total_details = { amount_discount: totals.discount, amount_shipping: 0, amount_tax: 0 };
  session.discounts = payment.discounts.map((d) => ({
    coupon: d.coupon.id,
    promotion_code: d.promotionCode?.id ?? null,
  }));
  session.url = null;
  engine.emit('checkout.session.completed', session);
}
