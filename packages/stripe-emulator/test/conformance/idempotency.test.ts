import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog } from '../helpers.js';
import { emulatorOnly, useTarget } from './target.js';

/** Keys unique to this run, as Stripe keeps keys for 24 hours. */
const run = Date.now().toString(36);
const key = (name: string) => `conformance-${run}-${name}`;

function replayed(error: unknown): string | undefined {
  return (error as Stripe.errors.StripeError).headers?.['idempotent-replayed'];
}

describe('idempotency as Stripe documents it', () => {
  const ctx = useTarget(catalog);

  it('saves a 402 from an executing endpoint and replays it with Idempotent-Replayed', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({ email: 'declined@example.com' });
    const params: Stripe.SubscriptionCreateParams = {
      customer: customer.id,
      items: [{ price: ctx.price('price_basic_month') }],
      default_payment_method: 'pm_card_chargeDeclined',
      payment_behavior: 'error_if_incomplete',
    };
    const first = await stripe.subscriptions
      .create(params, { idempotencyKey: key('idem-402') })
      .catch((e) => e);
    expect(first).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(replayed(first)).toBeUndefined();
    const again = await stripe.subscriptions
      .create(params, { idempotencyKey: key('idem-402') })
      .catch((e) => e);
    expect(again).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(replayed(again)).toBe('true');
  });

  it('saves a resource_missing reply', async () => {
    const missing = () =>
      ctx.stripe.customers
        .update('cus_missing', { name: 'x' }, { idempotencyKey: key('idem-404') })
        .catch((e) => e);
    expect((await missing()).code).toBe('resource_missing');
    expect(replayed(await missing())).toBe('true');
  });

  emulatorOnly('saves a 500 raised while executing', async () => {
    const { stripe, emulator } = ctx;
    emulator.failNext({ fault: 'api_error', executing: true, match: { path: '/v1/customers' } });
    const create = () =>
      stripe.customers
        .create({ email: 'saved-500@example.com' }, { idempotencyKey: key('idem-500') })
        .catch((e) => e);
    expect(await create()).toBeInstanceOf(Stripe.errors.StripeAPIError);
    const again = await create();
    expect(again).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(replayed(again)).toBe('true');
    expect((await stripe.customers.list({ email: 'saved-500@example.com' })).data).toHaveLength(0);
  });

  it('saves nothing for a refusal by parameter validation', async () => {
    const { stripe } = ctx;
    const bad = await stripe.customers
      .create(
        { email: 'v@example.com', balance: 'lots' as unknown as number },
        { idempotencyKey: key('idem-400') },
      )
      .catch((e) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const good = await stripe.customers.create(
      { email: 'v@example.com' },
      { idempotencyKey: key('idem-400') },
    );
    expect(good.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  emulatorOnly('saves nothing for a 500 answered before executing', async () => {
    const { stripe, emulator } = ctx;
    emulator.failNext({ fault: 'api_error', match: { path: '/v1/customers' } });
    const create = () =>
      stripe.customers.create({ email: 'pre@example.com' }, { idempotencyKey: key('idem-pre-500') });
    await expect(create()).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    await expect(create()).resolves.toMatchObject({ email: 'pre@example.com' });
  });

  emulatorOnly('refuses a concurrent request on the same key with 409 and saves nothing for it', async () => {
    const { stripe, emulator } = ctx;
    emulator.failNext({ fault: 'delay', delayMs: 300, match: { path: '/v1/customers' } });
    const create = () =>
      stripe.customers.create({ email: 'race@example.com' }, { idempotencyKey: key('idem-race') });
    const [slow, fast] = await Promise.allSettled([
      create(),
      new Promise((r) => setTimeout(r, 50)).then(create),
    ]);
    expect(slow.status).toBe('fulfilled');
    expect(fast.status).toBe('rejected');
    const conflict = (fast as PromiseRejectedResult).reason as Stripe.errors.StripeError;
    // The SDK raises a 409 as StripeAPIError (after its own retries); the raw type says what it is.
    expect(conflict.rawType).toBe('idempotency_error');
    expect(conflict.statusCode).toBe(409);
    const later = await create();
    expect(later.id).toBe((slow as PromiseFulfilledResult<Stripe.Customer>).value.id);
    expect(later.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('rejects other parameters under a used key', async () => {
    const { stripe } = ctx;
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: key('idem-params') });
    const other = stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: key('idem-params') });
    await expect(other).rejects.toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
  });

  emulatorOnly('forgets keys after 24 hours of emulator time', async () => {
    const { stripe, emulator } = ctx;
    const first = await stripe.customers.create(
      { email: 'a@example.com' },
      { idempotencyKey: key('idem-ttl') },
    );
    emulator.advanceClock(24 * 60 * 60 - 60);
    const replay = await stripe.customers.create(
      { email: 'a@example.com' },
      { idempotencyKey: key('idem-ttl') },
    );
    expect(replay.id).toBe(first.id);
    emulator.advanceClock(120);
    const fresh = await stripe.customers.create(
      { email: 'b@example.com' },
      { idempotencyKey: key('idem-ttl') },
    );
    expect(fresh.id).not.toBe(first.id);
    expect(fresh.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });
});
