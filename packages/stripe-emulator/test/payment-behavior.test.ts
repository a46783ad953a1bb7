import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

/** A customer whose card paid the first invoice, then switched to a card that fails later charges. */
async function activeThenFailing(stripe: Stripe, email: string, failing = 'pm_card_chargeCustomerFail') {
  const customer = await stripe.customers.create({
    email,
    payment_method: 'pm_card_visa',
    invoice_settings: { default_payment_method: 'pm_card_visa' },
  });
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: 'price_basic_month' }],
  });
  expect(sub.status).toBe('active');
  const bad = await stripe.paymentMethods.attach(failing, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: bad.id } });
  return { customer, sub };
}

async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Stripe.errors.StripeError);
  return err as Stripe.errors.StripeError;
}

describe('payment_behavior when the immediate payment fails', () => {
  const ctx = useEmulator({ seed: catalog });

  it('error_if_incomplete: an upgrade billed now answers 402 card_declined and changes nothing', async () => {
    const { stripe, emulator } = ctx;
    const { customer, sub } = await activeThenFailing(stripe, 'e1@example.com');
    const item = sub.items.data[0];
    const eventsBefore = emulator.events().length;
    const invoicesBefore = (await stripe.invoices.list({ customer: customer.id })).data.length;

    const err = await rejection(
      stripe.subscriptions.update(sub.id, {
        items: [{ id: item?.id ?? '', price: 'price_pro_month' }],
        proration_behavior: 'always_invoice',
        payment_behavior: 'error_if_incomplete',
      }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.statusCode).toBe(402);
    expect(err.type).toBe('StripeCardError');
    expect(err.code).toBe('card_declined');
    expect(err.decline_code).toBe('generic_decline');

    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    expect(after.items.data[0]?.price.id).toBe('price_basic_month');
    expect(after.latest_invoice).toBe(sub.latest_invoice);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(invoicesBefore);
    expect(emulator.events()).toHaveLength(eventsBefore);
    const preview = await stripe.invoices.createPreview({ subscription: sub.id });
    expect(preview.lines.data.some((l) => l.parent?.subscription_item_details?.proration)).toBe(false);
  });

  it('error_if_incomplete: billing_cycle_anchor now, item updates and trial_end now are refused too', async () => {
    const { stripe } = ctx;
    const { customer, sub } = await activeThenFailing(stripe, 'e2@example.com');
    const anchorErr = await rejection(
      // Without prorations the new cycle is billed in full (just after the start, the credit for the
      // unused time would cancel it out).
      stripe.subscriptions.update(sub.id, {
        billing_cycle_anchor: { type: 'now' },
        proration_behavior: 'none',
        payment_behavior: 'error_if_incomplete',
      }),
    );
    expect(anchorErr).toBeInstanceOf(Stripe.errors.StripeCardError);
    const unchanged = await stripe.subscriptions.retrieve(sub.id);
    expect(unchanged.billing_cycle_anchor).toBe(sub.billing_cycle_anchor);
    expect(unchanged.items.data[0]?.current_period_end).toBe(sub.items.data[0]?.current_period_end);

    const itemErr = await rejection(
      stripe.subscriptionItems.update(sub.items.data[0]?.id ?? '', {
        quantity: 3,
        proration_behavior: 'always_invoice',
        payment_behavior: 'error_if_incomplete',
      }),
    );
    expect(itemErr.statusCode).toBe(402);
    expect((await stripe.subscriptionItems.retrieve(sub.items.data[0]?.id ?? '')).quantity).toBe(1);

    const trial = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_month' }],
      trial_period_days: 7,
    });
    const trialErr = await rejection(
      stripe.subscriptions.update(trial.id, { trial_end: 'now', payment_behavior: 'error_if_incomplete' }),
    );
    expect(trialErr.code).toBe('card_declined');
    const stillTrialing = await stripe.subscriptions.retrieve(trial.id);
    expect(stillTrialing.status).toBe('trialing');
    expect(stillTrialing.trial_end).toBe(trial.trial_end);
  });

  it('allow_incomplete applies the update, leaves the invoice open and the subscription past_due', async () => {
    const { stripe } = ctx;
    const { sub } = await activeThenFailing(stripe, 'a1@example.com');
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]?.id ?? '', price: 'price_pro_month' }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'allow_incomplete',
      expand: ['latest_invoice'],
    });
    expect(updated.items.data[0]?.price.id).toBe('price_pro_month');
    expect(updated.status).toBe('past_due');
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.id).not.toBe(sub.latest_invoice);
    expect(invoice.status).toBe('open');
    expect(invoice.attempted).toBe(true);
    expect(invoice.amount_remaining).toBeGreaterThan(0);
    // The default behaviour is allow_incomplete.
    const again = await stripe.subscriptions.update(sub.id, {
      billing_cycle_anchor: { type: 'now' },
      proration_behavior: 'none',
      expand: ['latest_invoice'],
    });
    expect(again.status).toBe('past_due');
    const cycleInvoice = again.latest_invoice as Stripe.Invoice;
    expect(cycleInvoice.id).not.toBe(invoice.id);
    expect(cycleInvoice.amount_due).toBe(3000);
    expect(cycleInvoice.status).toBe('open');
  });

  it('default_incomplete applies the update, does not charge, and is past_due until the invoice is paid', async () => {
    const { stripe } = ctx;
    const { customer, sub } = await activeThenFailing(stripe, 'd1@example.com');
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0]?.id ?? '', price: 'price_pro_month' }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice'],
    });
    expect(updated.items.data[0]?.price.id).toBe('price_pro_month');
    expect(updated.status).toBe('past_due');
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('open');
    expect(invoice.attempted).toBe(false);
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid = await stripe.invoices.pay(invoice.id ?? '', { payment_method: visa.id });
    expect(paid.status).toBe('paid');
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('subscriptions.create with error_if_incomplete answers 402 and creates nothing', async () => {
    const { stripe, emulator } = ctx;
    const customer = await stripe.customers.create({
      email: 'c1@example.com',
      payment_method: 'pm_card_chargeCustomerFail',
      invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' },
    });
    const eventsBefore = emulator.events().length;
    const declined = await rejection(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: 'price_basic_month' }],
        payment_behavior: 'error_if_incomplete',
      }),
    );
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined.statusCode).toBe(402);
    expect(declined.code).toBe('card_declined');
    expect(declined.decline_code).toBe('generic_decline');

    const token = await rejection(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: 'price_basic_month' }],
        default_payment_method: 'pm_card_chargeDeclined',
        payment_behavior: 'error_if_incomplete',
      }),
    );
    expect(token.code).toBe('card_declined');
    const auth = await rejection(
      stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: 'price_basic_month' }],
        default_payment_method: 'pm_card_authenticationRequired',
        payment_behavior: 'error_if_incomplete',
      }),
    );
    expect(auth).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(auth.code).toBe('authentication_required');

    const subs = await stripe.subscriptions.list({ customer: customer.id, status: 'all' });
    expect(subs.data).toHaveLength(0);
    expect((await stripe.invoices.list({ customer: customer.id })).data).toHaveLength(0);
    const cards = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    expect(cards.data).toHaveLength(1);
    expect(emulator.events()).toHaveLength(eventsBefore);

    // The same card with the default behaviour: the subscription exists, incomplete.
    const incomplete = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    expect(incomplete.status).toBe('incomplete');
  });
});
