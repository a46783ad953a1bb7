import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import type { Params } from '../wire/params.js';
import { invalidRequest } from '../wire/stripe-error.js';
import { collectUpdateInvoice } from './collect-update-invoice.js';
import type { PaymentOutcome } from './invoicing.js';
import type { PaymentBehavior } from './lifecycle.js';
import { restartPeriodNow } from './restart-period.js';

/** Applies `trial_end` (a new end, or `now`: the trial ends and a paid period is invoiced). */
export function applyTrialEnd(
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
    return collectUpdateInvoice(engine, sub, invoice, paymentBehavior);
  }
  sub.trial_end = end;
  sub.trial_start = sub.trial_start ?? now;
  sub.status = 'trialing';
  sub.billing_cycle_anchor = end;
  for (const item of sub.items.data) item.current_period_end = end;
  return undefined;
}
