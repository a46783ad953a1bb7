import type Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

// advanceClock runs each renewal, trial end or retry at its own time. A loaded machine can turn the wall clock's
// second while one of them runs; what it records must still carry its due time, not a second later.

describe('the clock while billing falls due', () => {
  const ctx = useEmulator({ seed: catalog });

  it('a renewal carries its period end even when the wall clock turns a second while it runs', async () => {
    const { stripe, emulator } = ctx;
    const customer = await stripe.customers.create({
      email: 'clock@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    const periodEnd = (sub.items.data[0] as Stripe.SubscriptionItem).current_period_end;
    // advanceClock is synchronous: every wall-clock read inside it is 0.7 s after the one before.
    let wall = Date.now();
    const ticking = vi.spyOn(Date, 'now').mockImplementation(() => {
      wall += 700;
      return wall;
    });
    try {
      emulator.advanceClock(periodEnd - emulator.now() + 60);
    } finally {
      ticking.mockRestore();
    }
    const renewal = (await stripe.invoices.list({ customer: customer.id })).data.find(
      (invoice) => invoice.billing_reason === 'subscription_cycle',
    );
    expect(renewal?.created).toBe(periodEnd);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect((renewed.items.data[0] as Stripe.SubscriptionItem).current_period_start).toBe(periodEnd);
  });
});
