import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

const DAY = 86_400;

async function payingCustomer(stripe: Stripe, token = 'pm_card_visa') {
  return stripe.customers.create({
    email: `${token}@example.com`,
    payment_method: token,
    invoice_settings: { default_payment_method: token },
  });
}

function prorationOf(line: Stripe.InvoiceLineItem): boolean | undefined {
  return line.parent?.subscription_item_details?.proration;
}

describe('subscription billing', () => {
  const ctx = useEmulator({ seed: catalog });

  it('previews and applies an upgrade with prorations by seconds of the period', async () => {
    const { stripe, emulator } = ctx;
    const customer = await payingCustomer(stripe);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const half =
      item.current_period_start + Math.floor((item.current_period_end - item.current_period_start) / 2);
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: {
        items: [{ id: item.id, price: 'price_pro_month' }],
        proration_behavior: 'always_invoice',
        proration_date: half,
      },
    });
    const prorations = preview.lines.data.filter((l) => prorationOf(l));
    expect(prorations).toHaveLength(2);
    const [credit, charge] = prorations;
    expect(credit?.amount).toBeLessThan(0);
    expect(Math.abs((credit?.amount ?? 0) + 500)).toBeLessThanOrEqual(1);
    expect(Math.abs((charge?.amount ?? 0) - 1500)).toBeLessThanOrEqual(1);
    expect(preview.total).toBe(preview.lines.data.reduce((s, l) => s + l.amount, 0));
    const next = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: 'price_pro_month' }], proration_date: half },
    });
    expect(next.lines.data.some((l) => !prorationOf(l) && l.amount === 3000)).toBe(true);
    expect(next.next_payment_attempt).toBe(item.current_period_end);

    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: 'price_pro_month' }],
      proration_behavior: 'always_invoice',
      proration_date: half,
      expand: ['latest_invoice'],
    });
    expect(updated.items.data[0]?.price.id).toBe('price_pro_month');
    const invoice = updated.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('paid');
    expect(invoice.amount_paid).toBe(preview.amount_due);
    const event = emulator.events().find((e) => e.type === 'customer.subscription.updated');
    const data = event?.data as
      | { previous_attributes?: { items?: Stripe.ApiList<Stripe.SubscriptionItem> } }
      | undefined;
    const previous = data?.previous_attributes;
    expect(previous?.items?.data[0]?.price.id).toBe('price_basic_month');
  });

  it('records cancellation details and cancels at period end when the clock passes it', async () => {
    const { stripe, emulator } = ctx;
    const customer = await payingCustomer(stripe);
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    const updated = await stripe.subscriptions.update(sub.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'too_expensive', comment: 'pricey' },
    });
    expect(updated.cancel_at).toBe(sub.items.data[0]?.current_period_end);
    expect(updated.cancellation_details?.feedback).toBe('too_expensive');
    emulator.advanceClock(32 * DAY);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended.status).toBe('canceled');
    expect(
      emulator
        .events()
        .some(
          (e) =>
            e.type === 'customer.subscription.deleted' &&
            (e.data.object as Stripe.Subscription).id === sub.id,
        ),
    ).toBe(true);
  });

  it('renews, and a failing card goes past_due then unpaid after the retries', async () => {
    const { stripe, emulator } = ctx;
    const good = await payingCustomer(stripe);
    const renewing = await stripe.subscriptions.create({
      customer: good.id,
      items: [{ price: 'price_basic_month' }],
    });
    const failing = await payingCustomer(stripe, 'pm_card_chargeCustomerFail');
    // The first charge of 0341 fails too, so start it with a trial to exercise renewal failure.
    const trial = await stripe.subscriptions.create({
      customer: failing.id,
      items: [{ price: 'price_basic_month' }],
      trial_period_days: 7,
    });
    expect(trial.status).toBe('trialing');
    emulator.advanceClock(8 * DAY);
    expect((await stripe.subscriptions.retrieve(trial.id)).status).toBe('past_due');
    emulator.advanceClock(30 * DAY);
    expect((await stripe.subscriptions.retrieve(trial.id)).status).toBe('unpaid');
    const renewed = await stripe.subscriptions.retrieve(renewing.id);
    expect(renewed.status).toBe('active');
    expect(renewed.items.data[0]?.current_period_start).toBeGreaterThan(
      renewing.items.data[0]?.current_period_start ?? 0,
    );
    // The anchor stays put on renewal (Stripe's rule); periods are whole calendar months from it.
    expect(renewed.billing_cycle_anchor).toBe(renewing.billing_cycle_anchor);
    const anchor = new Date(renewing.billing_cycle_anchor * 1000);
    const twoMonths = new Date(anchor);
    twoMonths.setUTCDate(1);
    twoMonths.setUTCMonth(anchor.getUTCMonth() + 2);
    const lastDay = new Date(
      Date.UTC(twoMonths.getUTCFullYear(), twoMonths.getUTCMonth() + 1, 0),
    ).getUTCDate();
    twoMonths.setUTCDate(Math.min(anchor.getUTCDate(), lastDay));
    expect(renewed.items.data[0]?.current_period_end).toBe(twoMonths.getTime() / 1000);
    const invoices = await stripe.invoices.list({ subscription: renewing.id });
    expect(invoices.data.length).toBeGreaterThanOrEqual(2);
    expect(invoices.data.every((i) => i.status === 'paid')).toBe(true);
  });

  it('starts incomplete for cards that need authentication or fail', async () => {
    const { stripe } = ctx;
    const auth = await payingCustomer(stripe, 'pm_card_authenticationRequired');
    const sub = await stripe.subscriptions.create({
      customer: auth.id,
      items: [{ price: 'price_basic_month' }],
    });
    expect(sub.status).toBe('incomplete');
    const noCard = await stripe.customers.create({ email: 'nocard@example.com' });
    const err = (await stripe.subscriptions
      .create({ customer: noCard.id, items: [{ price: 'price_basic_month' }] })
      .catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/no attached payment source or default payment method/);
    const incomplete = await stripe.subscriptions.create({
      customer: noCard.id,
      items: [{ price: 'price_basic_month' }],
      payment_behavior: 'default_incomplete',
    });
    expect(incomplete.status).toBe('incomplete');
  });

  it('pauses a trial that ends without a payment method, and resume starts a paid period now', async () => {
    const { stripe, emulator } = ctx;
    const customer = await stripe.customers.create({ email: 'no-card@example.com' });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
      trial_period_days: 7,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    emulator.advanceClock(8 * DAY);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('paused');

    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const resumed = await stripe.subscriptions.resume(sub.id, { expand: ['latest_invoice'] });
    const now = emulator.now();
    const item = resumed.items.data[0] as Stripe.SubscriptionItem;
    expect(resumed.status).toBe('active');
    expect(resumed.billing_cycle_anchor).toBe(now);
    expect(item.current_period_start).toBe(now);
    expect(item.current_period_end).toBeGreaterThan(now + 27 * DAY);
    const invoice = resumed.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('paid');
    expect(invoice.billing_reason).toBe('subscription_cycle');
    expect(invoice.total).toBe(item.price.unit_amount);
  });

  it('applies coupons and promotion codes, pauses collection and ends trials now', async () => {
    const { stripe } = ctx;
    const customer = await payingCustomer(stripe);
    const promo = (await stripe.promotionCodes.list({ code: 'WELCOME' })).data[0];
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_month' }],
      discounts: [{ promotion_code: promo?.id ?? '' }],
      expand: ['latest_invoice'],
    });
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(2400);
    const paused = await stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void' } });
    expect(paused.pause_collection?.behavior).toBe('void');
    const trial = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
      trial_period_days: 14,
    });
    const ended = await stripe.subscriptions.update(trial.id, { trial_end: 'now' });
    expect(ended.status).toBe('active');
  });
});
