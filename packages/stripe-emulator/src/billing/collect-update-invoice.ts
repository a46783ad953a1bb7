import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { issueInvoice, type PaymentOutcome } from './invoicing.js';
import { type PaymentBehavior, paymentMethodFor } from './lifecycle.js';

/**
 * Finalizes an invoice the update created and charges it per `payment_behavior` (Stripe's API
 * reference): `default_incomplete` leaves it open, unattempted, and the subscription past_due until
 * the invoice is paid; the other behaviours charge at once, and a failure makes the subscription
 * past_due (`allow_incomplete`, the default) or is turned into a 402 by the caller
 * (`error_if_incomplete`).
 */
export function collectUpdateInvoice(
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
