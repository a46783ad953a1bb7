import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

// An app may sell one-time things through Checkout beside its subscriptions: the emulator keeps such `payment`
// mode sessions (created, listed, expired as in Stripe) so a test can show that Plankit leaves them alone. Their
// hosted page does not take the payment.
describe('payment mode Checkout Sessions', () => {
  const ctx = useEmulator({ seed: catalog });

  async function oneTimePrice(currency = 'usd'): Promise<Stripe.Price> {
    return ctx.stripe.prices.create({ product: 'prod_basic', currency, unit_amount: 2500 });
  }

  function refusal(promise: Promise<unknown>) {
    return promise.then(
      () => {
        throw new Error('expected Stripe to refuse');
      },
      (error: Stripe.errors.StripeError) => [error.statusCode, error.param, error.message],
    );
  }

  it('are created with one-time prices, listed with the customer, and expired', async () => {
    const customer = await ctx.stripe.customers.create({ email: 'shop@example.com' });
    const price = await oneTimePrice();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: 'http://localhost:5173/done',
    });
    expect([session.mode, session.status, session.amount_total, session.subscription]).toEqual([
      'payment',
      'open',
      5000,
      null,
    ]);
    const listed = await ctx.stripe.checkout.sessions.list({ customer: customer.id });
    expect(listed.data.map((s) => [s.id, s.mode])).toEqual([[session.id, 'payment']]);
    const expired = await ctx.stripe.checkout.sessions.expire(session.id);
    expect([expired.status, expired.url]).toEqual(['expired', null]);
  });

  it('without a customer, create one only if required (as Stripe defaults payment mode)', async () => {
    const price = await oneTimePrice();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: price.id }],
      success_url: 'http://localhost:5173/done',
    });
    expect(session.customer_creation).toBe('if_required');
  });

  it('refuse what Stripe refuses in payment mode: recurring prices, subscription_data, mixed currencies', async () => {
    const usd = await oneTimePrice('usd');
    const eur = await oneTimePrice('eur');
    const base = { mode: 'payment' as const, success_url: 'http://localhost:5173/done' };
    expect(
      await refusal(
        ctx.stripe.checkout.sessions.create({ ...base, line_items: [{ price: 'price_basic_month' }] }),
      ),
    ).toEqual([
      400,
      'line_items[0][price]',
      'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
    ]);
    expect(
      await refusal(
        ctx.stripe.checkout.sessions.create({
          ...base,
          line_items: [{ price: usd.id }],
          subscription_data: { trial_period_days: 7 },
        }),
      ),
    ).toEqual([400, 'subscription_data', '`subscription_data` can only be used in `subscription` mode.']);
    expect(
      await refusal(
        ctx.stripe.checkout.sessions.create({ ...base, line_items: [{ price: usd.id }, { price: eur.id }] }),
      ),
    ).toEqual([400, 'line_items', 'All line items must use the same currency.']);
    expect(await refusal(ctx.stripe.checkout.sessions.create({ ...base, line_items: [] }))).toEqual([
      400,
      'line_items',
      '`line_items` is required in `payment` mode.',
    ]);
  });

  it('setup mode stays refused, and a one-time price stays refused in subscription mode', async () => {
    const price = await oneTimePrice();
    expect(
      await refusal(
        ctx.stripe.checkout.sessions.create({
          mode: 'setup',
          currency: 'usd',
          success_url: 'http://x.test/',
        }),
      ),
    ).toEqual([
      400,
      'mode',
      'The Plankit emulator supports mode=subscription and mode=payment only (got mode=setup).',
    ]);
    expect(
      await refusal(
        ctx.stripe.checkout.sessions.create({
          mode: 'subscription',
          line_items: [{ price: price.id }],
          success_url: 'http://x.test/',
        }),
      ),
    ).toEqual([
      400,
      'line_items[0][price]',
      'The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.',
    ]);
  });

  it('their hosted page says it takes subscription payments only (501), and a form post pays nothing', async () => {
    const customer = await ctx.stripe.customers.create({ email: 'shop-page@example.com' });
    const price = await oneTimePrice();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price: price.id }],
      success_url: 'http://localhost:5173/done',
    });
    const page = await fetch(session.url ?? '', { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(501);
    expect(await page.text()).toContain('subscription-mode Checkout Sessions only');
    const post = await fetch(session.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        card_number: '4242424242424242',
        expiry: '12 / 40',
        cvc: '123',
      }).toString(),
    });
    expect(post.status).toBe(501);
    expect((await ctx.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });
});
