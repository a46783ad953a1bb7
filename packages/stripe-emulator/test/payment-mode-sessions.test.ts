import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

// An app may sell one-time things through Checkout beside its subscriptions: the emulator keeps such `payment`
// mode sessions (created, listed, expired and paid on the hosted page, as in Stripe) so a test can show that
// Plankit leaves them alone and that a customer who bought one can still subscribe.
describe('payment mode Checkout Sessions', () => {
  const ctx = useEmulator({ seed: catalog });

  async function oneTimePrice(currency = 'usd'): Promise<Stripe.Price> {
    return ctx.stripe.prices.create({ product: 'prod_basic', currency, unit_amount: 2500 });
  }

  /** Posts the hosted page's card form (a valid expiry and CVC), as a buyer's browser would. */
  function pay(url: string, cardNumber = '4242424242424242', extra: Record<string, string> = {}) {
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        card_number: cardNumber,
        expiry: '12 / 40',
        cvc: '123',
        ...extra,
      }).toString(),
      redirect: 'manual',
    });
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

  it('their hosted page takes the one-time payment: paid, no subscription, invoice or saved card', async () => {
    const customer = await ctx.stripe.customers.create({ email: 'shop-page@example.com' });
    const price = await oneTimePrice();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 2 }],
      success_url: 'http://localhost:5173/done?session={CHECKOUT_SESSION_ID}',
    });
    const page = await fetch(session.url ?? '', { headers: { 'accept-language': 'en' } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('>Pay</button>');
    expect(html).not.toContain('Subscribe');
    const declined = await pay(session.url ?? '', '4000000000000002');
    expect(declined.status).toBe(402);
    expect((await ctx.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    const before = ctx.emulator.events().length;
    const paid = await pay(session.url ?? '');
    expect([paid.status, paid.headers.get('location')]).toEqual([
      303,
      `http://localhost:5173/done?session=${session.id}`,
    ]);
    const done = await ctx.stripe.checkout.sessions.retrieve(session.id);
    expect([
      done.status,
      done.payment_status,
      done.customer,
      done.subscription,
      done.invoice,
      done.url,
    ]).toEqual(['complete', 'paid', customer.id, null, null, null]);
    expect([done.amount_total, done.payment_intent?.toString().startsWith('pi_')]).toEqual([5000, true]);
    const events = ctx.emulator.events().slice(0, ctx.emulator.events().length - before);
    expect(events.map((event) => event.type)).toEqual(['checkout.session.completed']);
    expect(await ctx.stripe.subscriptions.list({ customer: customer.id, status: 'all' })).toMatchObject({
      data: [],
    });
    expect((await ctx.stripe.invoices.list({ customer: customer.id })).data).toEqual([]);
    expect((await ctx.stripe.paymentMethods.list({ customer: customer.id })).data).toEqual([]);
    const again = await pay(session.url ?? '');
    expect(again.status).toBe(410);
    const thanks = await fetch(`${ctx.emulator.url}/c/done/${session.id}`);
    expect(await thanks.text()).toContain('Your payment is complete.');
  });

  it('a card that asks for 3-D Secure is charged only once the buyer approves it', async () => {
    const price = await oneTimePrice();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      customer_email: 'secure@example.com',
      line_items: [{ price: price.id }],
      success_url: 'http://localhost:5173/done',
    });
    const authenticate = (action: string) =>
      fetch(`${ctx.emulator.url}/c/3ds/${session.id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action }).toString(),
        redirect: 'manual',
      });
    const first = await pay(session.url ?? '', '4000002500003155');
    expect([first.status, first.headers.get('location')]).toEqual([303, `/c/3ds/${session.id}`]);
    const waiting = await ctx.stripe.checkout.sessions.retrieve(session.id);
    expect([waiting.status, waiting.payment_status, waiting.payment_intent]).toEqual([
      'open',
      'unpaid',
      null,
    ]);
    expect((await authenticate('fail')).status).toBe(402);
    expect((await ctx.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    expect((await pay(session.url ?? '', '4000002500003155')).headers.get('location')).toBe(
      `/c/3ds/${session.id}`,
    );
    const approved = await authenticate('approve');
    expect([approved.status, approved.headers.get('location')]).toEqual([303, 'http://localhost:5173/done']);
    const done = await ctx.stripe.checkout.sessions.retrieve(session.id);
    expect([done.status, done.payment_status, done.payment_intent?.toString().startsWith('pi_')]).toEqual([
      'complete',
      'paid',
      true,
    ]);
  });

  it('a promotion code entered on the page takes its discount off the payment and counts one redemption', async () => {
    const price = await oneTimePrice();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      customer_email: 'promo-buyer@example.com',
      line_items: [{ price: price.id }],
      allow_promotion_codes: true,
      success_url: 'http://localhost:5173/done',
    });
    const [code] = (await ctx.stripe.promotionCodes.list({ code: 'WELCOME' })).data;
    const paid = await pay(session.url ?? '', '4242424242424242', { promotion_code: 'welcome' });
    expect(paid.status).toBe(303);
    const done = await ctx.stripe.checkout.sessions.retrieve(session.id);
    expect([done.amount_subtotal, done.total_details?.amount_discount, done.amount_total]).toEqual([
      2500, 500, 2000,
    ]);
    expect(done.discounts).toEqual([{ coupon: 'SAVE20', promotion_code: code?.id }]);
    const counted = await ctx.stripe.promotionCodes.retrieve(code?.id ?? '');
    expect(counted.times_redeemed).toBe((code?.times_redeemed ?? 0) + 1);
  });

  it('a payment discounted to zero completes with nothing charged: no_payment_required, no PaymentIntent', async () => {
    const free = await ctx.stripe.coupons.create({ percent_off: 100, duration: 'once' });
    const price = await oneTimePrice();
    const session = await ctx.stripe.checkout.sessions.create({
      mode: 'payment',
      customer_email: 'free@example.com',
      line_items: [{ price: price.id }],
      discounts: [{ coupon: free.id }],
      success_url: 'http://localhost:5173/done',
    });
    expect((await pay(session.url ?? '')).status).toBe(303);
    const done = await ctx.stripe.checkout.sessions.retrieve(session.id);
    expect([done.status, done.payment_status, done.amount_total, done.payment_intent]).toEqual([
      'complete',
      'no_payment_required',
      0,
      null,
    ]);
    expect((await ctx.stripe.coupons.retrieve(free.id)).times_redeemed).toBe(1);
  });

  it('a guest pays without a customer unless customer_creation is always (then named as on the page)', async () => {
    const price = await oneTimePrice();
    const base = {
      mode: 'payment' as const,
      line_items: [{ price: price.id }],
      success_url: 'http://localhost:5173/done',
    };
    const guest = await ctx.stripe.checkout.sessions.create(base);
    expect((await pay(guest.url ?? '', '4242424242424242', { email: 'guest@example.com' })).status).toBe(303);
    const guestDone = await ctx.stripe.checkout.sessions.retrieve(guest.id);
    expect([guestDone.customer, guestDone.customer_details?.email]).toEqual([null, 'guest@example.com']);
    const kept = await ctx.stripe.checkout.sessions.create({ ...base, customer_creation: 'always' });
    expect(kept.customer_creation).toBe('always');
    const keptPaid = await pay(kept.url ?? '', '4242424242424242', {
      email: 'kept@example.com',
      name: 'Ada Kept',
    });
    expect(keptPaid.status).toBe(303);
    const keptDone = await ctx.stripe.checkout.sessions.retrieve(kept.id, { expand: ['customer'] });
    const keptCustomer = keptDone.customer as Stripe.Customer;
    expect([keptCustomer.email, keptCustomer.name]).toEqual(['kept@example.com', 'Ada Kept']);
  });

  it('customer_creation is for payment mode without a customer only', async () => {
    const customer = await ctx.stripe.customers.create({ email: 'creation@example.com' });
    const price = await oneTimePrice();
    expect(
      await refusal(
        ctx.stripe.checkout.sessions.create({
          mode: 'subscription',
          customer_creation: 'always',
          line_items: [{ price: 'price_basic_month' }],
          success_url: 'http://localhost:5173/done',
        }),
      ),
    ).toEqual([400, 'customer_creation', '`customer_creation` can only be used in `payment` mode.']);
    expect(
      await refusal(
        ctx.stripe.checkout.sessions.create({
          mode: 'payment',
          customer: customer.id,
          customer_creation: 'if_required',
          line_items: [{ price: price.id }],
          success_url: 'http://localhost:5173/done',
        }),
      ),
    ).toEqual([
      400,
      'customer_creation',
      'You may only specify one of these parameters: customer, customer_creation.',
    ]);
  });
});
