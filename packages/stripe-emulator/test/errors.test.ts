import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

describe('errors, idempotency and faults', () => {
  const ctx = useEmulator({ seed: catalog });

  it('answers 401 with StripeAuthenticationError for a bad key', async () => {
    const bad = new Stripe('sk_live_nope', { ...ctx.emulator.stripeConfig, maxNetworkRetries: 0 });
    const err = await bad.customers.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((err as Stripe.errors.StripeError).statusCode).toBe(401);
  });

  it('answers resource_missing 404 for unknown ids', async () => {
    const err = await ctx.stripe.customers.retrieve('cus_missing').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const e = err as Stripe.errors.StripeError;
    expect([e.statusCode, e.code, e.param, e.message]).toEqual([
      404,
      'resource_missing',
      'id',
      "No such customer: 'cus_missing'",
    ]);
  });

  it('rejects unknown and missing parameters like Stripe', async () => {
    const unknown = (await ctx.stripe.products
      .create({ name: 'x', colour: 'red' } as Stripe.ProductCreateParams)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([unknown.code, unknown.param]).toEqual(['parameter_unknown', 'colour']);
    const missing = (await ctx.stripe.products
      .create({} as Stripe.ProductCreateParams)
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([missing.code, missing.param]).toEqual(['parameter_missing', 'name']);
    const empty = (await ctx.stripe.products
      .create({ name: '' })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(empty.code).toBe('parameter_invalid_empty');
  });

  it('raises StripeCardError for a declining card', async () => {
    const customer = await ctx.stripe.customers.create({ email: 'declined@example.com' });
    const err = await ctx.stripe.paymentMethods
      .attach('pm_card_chargeDeclined', { customer: customer.id })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((err as Stripe.errors.StripeCardError).code).toBe('card_declined');
    expect((err as Stripe.errors.StripeCardError).decline_code).toBe('generic_decline');
  });

  it('enforces the subscription item rules (21 items, currency, interval)', async () => {
    const customer = await ctx.stripe.customers.create({
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const product = await ctx.stripe.products.create({ name: 'Many' });
    const prices = await Promise.all(
      Array.from({ length: 21 }, (_, i) =>
        ctx.stripe.prices.create({
          product: product.id,
          currency: 'usd',
          unit_amount: 100 + i,
          recurring: { interval: 'month' },
        }),
      ),
    );
    const tooMany = (await ctx.stripe.subscriptions
      .create({ customer: customer.id, items: prices.map((p) => ({ price: p.id })) })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(tooMany).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMany.message).toMatch(/at most 20 items/);
    const currency = (await ctx.stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: 'price_pro_month' }, { price: 'price_pro_eur' }] })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(currency.message).toMatch(/mismatch in currency field/);
    const interval = (await ctx.stripe.subscriptions
      .create({
        customer: customer.id,
        items: [{ price: 'price_basic_month' }, { price: 'price_basic_year' }],
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(interval.message).toMatch(/mismatch in interval field/);
  });

  it('replays idempotent requests and rejects a reused key with other params', async () => {
    const first = await ctx.stripe.customers.create(
      { email: 'idem@example.com' },
      { idempotencyKey: 'key-1' },
    );
    const again = await ctx.stripe.customers.create(
      { email: 'idem@example.com' },
      { idempotencyKey: 'key-1' },
    );
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    const err = await ctx.stripe.customers
      .create({ email: 'other@example.com' }, { idempotencyKey: 'key-1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('injects rate limits, api errors, delays and dropped connections', async () => {
    const { emulator, stripe } = ctx;
    emulator.failNext({ fault: 'rate_limit', match: { path: '/v1/customers' } });
    const limited = await stripe.customers.list().catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    emulator.failNext({ fault: 'api_error' });
    expect(await stripe.products.list().catch((e: unknown) => e)).toBeInstanceOf(
      Stripe.errors.StripeAPIError,
    );
    emulator.failNext({ fault: 'delay', delayMs: 150 });
    const started = Date.now();
    await stripe.products.list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // The SDK retries a closed connection once even with maxNetworkRetries: 0, so drop twice.
    emulator.clearRequestLog();
    emulator.failNext({ fault: 'drop', count: 2 });
    expect(await stripe.products.list().catch((e: unknown) => e)).toBeInstanceOf(
      Stripe.errors.StripeConnectionError,
    );
    expect(emulator.requestLog().map((r) => r.status)).toEqual([0, 0]);
    await expect(stripe.products.list()).resolves.toBeTruthy();
  });

  it('holds a matching request until released, then handles it; only the first match is held', async () => {
    const { emulator, stripe } = ctx;
    // A limit beyond the test's timeout: only release() can let this request go.
    const hold = emulator.holdNext({ method: 'POST', path: '/v1/customers' }, { limitMs: 60_000 });
    let settled = false;
    const held = stripe.customers.create({ email: 'held@example.com' }).then((customer) => {
      settled = true;
      return customer;
    });
    await hold.reached;
    // Other requests, and the next matching one, go on while it is held.
    await expect(stripe.customers.create({ email: 'not-held@example.com' })).resolves.toBeTruthy();
    expect(settled).toBe(false);
    expect(Object.values(emulator.state.customers).some((c) => c.email === 'held@example.com')).toBe(false);
    hold.release();
    expect((await held).email).toBe('held@example.com');
  });

  it('a hold released before its request arrives holds nothing; an unreleased one lets go at its limit', async () => {
    const { emulator, stripe } = ctx;
    emulator.holdNext({ path: '/v1/products' }, { limitMs: 60_000 }).release();
    await expect(stripe.products.list()).resolves.toBeTruthy();
    const limited = emulator.holdNext({ path: '/v1/products' }, { limitMs: 150 });
    const started = Date.now();
    await stripe.products.list();
    await limited.reached;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a match on query parameters picks one of two requests to the same path', async () => {
    const { emulator, stripe } = ctx;
    const hold = emulator.holdNext(
      { method: 'GET', path: '/v1/customers', query: { email: 'second@example.com' } },
      { limitMs: 60_000 },
    );
    emulator.clearRequestLog();
    await expect(stripe.customers.list({ email: 'first@example.com' })).resolves.toBeTruthy();
    const second = stripe.customers.list({ email: 'second@example.com' });
    await hold.reached;
    expect(emulator.requestLog().map((entry) => [entry.params.email, entry.status])).toEqual([
      ['first@example.com', 200],
      ['second@example.com', 0],
    ]);
    hold.release();
    await expect(second).resolves.toBeTruthy();
    emulator.failNext({ fault: 'rate_limit', match: { path: '/v1/customers', query: { limit: '3' } } });
    await expect(stripe.customers.list({ limit: 2 })).resolves.toBeTruthy();
    expect(await stripe.customers.list({ limit: 3 }).catch((e: unknown) => e)).toBeInstanceOf(
      Stripe.errors.StripeRateLimitError,
    );
  });

  it('clearing the faults refuses a held request unhandled (500), so it cannot land in the next test', async () => {
    const { emulator, stripe } = ctx;
    const hold = emulator.holdNext({ method: 'POST', path: '/v1/customers' }, { limitMs: 60_000 });
    const held = stripe.customers.create({ email: 'cleared@example.com' }).catch((error: unknown) => error);
    await hold.reached;
    emulator.clearFaults();
    expect(await held).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(Object.values(emulator.state.customers).some((c) => c.email === 'cleared@example.com')).toBe(
      false,
    );
  });

  it('injects a 400 invalid_request_error with a chosen code, refused before handling', async () => {
    const { emulator, stripe } = ctx;
    const customer = await stripe.customers.create({ email: 'fault@example.com' });
    emulator.failNext({
      fault: 'invalid_request',
      code: 'customer_tax_location_invalid',
      match: { method: 'POST', path: `/v1/customers/${customer.id}` },
    });
    const refused = await stripe.customers
      .update(customer.id, { name: 'Changed' }, { idempotencyKey: 'fault-key' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused).toMatchObject({ statusCode: 400, code: 'customer_tax_location_invalid' });
    // Nothing changed and nothing was saved for the key: the same request goes through.
    expect((await stripe.customers.retrieve(customer.id)) as { name: string | null }).toMatchObject({
      name: null,
    });
    await stripe.customers.update(customer.id, { name: 'Changed' }, { idempotencyKey: 'fault-key' });
    expect(await stripe.customers.retrieve(customer.id)).toMatchObject({ name: 'Changed' });
    emulator.failNext({ fault: 'invalid_request' });
    expect(await stripe.products.list().catch((e: unknown) => e)).toMatchObject({
      code: 'parameter_invalid',
    });
  });

  it('a fault can carry the message of a particular Stripe answer', async () => {
    const { emulator, stripe } = ctx;
    emulator.failNext({ fault: 'api_error', message: 'The service is temporarily unavailable.' });
    expect(await stripe.products.list().catch((e: unknown) => e)).toMatchObject({
      statusCode: 500,
      message: 'The service is temporarily unavailable.',
    });
    emulator.failNext({ fault: 'invalid_request', message: 'Invalid search query.' });
    expect(await stripe.products.list().catch((e: unknown) => e)).toMatchObject({
      statusCode: 400,
      message: 'Invalid search query.',
    });
    emulator.failNext({ fault: 'api_error' });
    expect(await stripe.products.list().catch((e: unknown) => e)).toMatchObject({
      message: 'An unknown error occurred while processing your request.',
    });
  });

  it('drop: each dropped request consumes one count and is logged; the SDK retries a closed connection once', async () => {
    const { emulator, stripe } = ctx;
    emulator.clearRequestLog();
    // count 1: the SDK's one automatic retry (even with maxNetworkRetries: 0) goes through.
    emulator.failNext({ fault: 'drop', count: 1, match: { method: 'POST', path: '/v1/customers' } });
    await stripe.products.list({ limit: 1 }); // not matched, so it does not consume the fault
    const created = await stripe.customers.create({ email: 'dropped-once@example.com' });
    const posts = emulator.requestLog().filter((r) => r.method === 'POST' && r.path === '/v1/customers');
    expect(posts.map((p) => p.status)).toEqual([0, 200]);
    expect(posts[0]?.idempotencyKey).toBeTruthy();
    expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
    // The drop happens before handling, so only the retry created a customer.
    const found = await stripe.customers.list({ email: 'dropped-once@example.com' });
    expect(found.data.map((c) => c.id)).toEqual([created.id]);

    // count 3 with maxNetworkRetries: 1 -> the SDK tries twice, both dropped; one drop stays queued.
    const oneRetry = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 1 });
    emulator.clearRequestLog();
    emulator.failNext({ fault: 'drop', count: 3, match: { path: '/v1/prices' } });
    const err = await oneRetry.prices.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(emulator.requestLog().map((r) => r.status)).toEqual([0, 0]);
    await expect(oneRetry.prices.list()).resolves.toBeTruthy();
    expect(emulator.requestLog().map((r) => r.status)).toEqual([0, 0, 0, 200]);
  });

  it('retries with the same idempotency key after a 500, and the log shows both attempts', async () => {
    const { emulator } = ctx;
    const retrying = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 2 });
    emulator.clearRequestLog();
    emulator.failNext({ fault: 'api_error', match: { method: 'POST', path: '/v1/customers' } });
    const customer = await retrying.customers.create({ email: 'retry@example.com' });
    expect(customer.id).toMatch(/^cus_/);
    const posts = emulator.requestLog().filter((r) => r.method === 'POST' && r.path === '/v1/customers');
    expect(posts.map((p) => p.status)).toEqual([500, 200]);
    expect(posts[0]?.idempotencyKey).toBeTruthy();
    expect(posts[1]?.idempotencyKey).toBe(posts[0]?.idempotencyKey);
  });
});
