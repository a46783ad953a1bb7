import Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { mapStripeError } from '../src/stripe/map-stripe-error';
import { call, makeBilling, stripeCalls, useEmulator } from './harness';

const env = useEmulator();

function openSessions() {
  return Object.values(env.emulator.state.checkoutSessions).filter((session) => session.status === 'open');
}

describe('Stripe faults', () => {
  test('API errors past the SDK retries answer 503 with Retry-After; the retry creates one session', async () => {
    const billing = makeBilling(env.emulator);
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'warmup' });
    env.emulator.clearRequestLog();
    env.emulator.failNext({
      fault: 'api_error',
      count: 3,
      match: { method: 'POST', path: '/v1/checkout/sessions' },
    });
    const failed = await call(billing, '/checkout', { plan: 'pro', interval: 'month' });
    expect(failed.status).toBe(503);
    expect(failed.json.error.code).toBe('stripe_unavailable');
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.stringify(failed.json)).not.toMatch(/emulator|api_error/i);
    const creates = stripeCalls(env.emulator).filter((line) => line === 'POST /v1/checkout/sessions');
    expect(creates).toHaveLength(3);
    const keys = env.emulator
      .requestLog()
      .filter((entry) => entry.path === '/v1/checkout/sessions' && entry.method === 'POST')
      .map((entry) => entry.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    const retried = await call(billing, '/checkout', { plan: 'pro', interval: 'month' });
    expect(retried.status).toBe(200);
    expect(openSessions().filter((session) => session.metadata?.plankit_user_id === 'user_1')).toHaveLength(
      1,
    );
  });

  test('rate limits answer 503 stripe_unavailable with Retry-After', async () => {
    const billing = makeBilling(env.emulator);
    env.emulator.failNext({ fault: 'rate_limit', count: 5, match: { path: '/v1/prices' } });
    const reply = await call(billing, '/plans');
    expect(reply.status).toBe(503);
    expect(reply.json.error.code).toBe('stripe_unavailable');
    expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  test('a dropped connection is retried with the same idempotency key: still one session', async () => {
    const billing = makeBilling(env.emulator);
    env.emulator.failNext({
      fault: 'drop',
      count: 1,
      match: { method: 'POST', path: '/v1/checkout/sessions' },
    });
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month' });
    expect(reply.status).toBe(200);
    expect(openSessions()).toHaveLength(1);
  });

  test('maps Stripe errors: card 402, invalid 400, promotion code, unavailable 503, non-Stripe null', () => {
    const card = mapStripeError(
      new Stripe.errors.StripeCardError({ message: 'declined', type: 'card_error' }),
    );
    expect(card?.code).toBe('card_declined');
    const invalid = mapStripeError(
      new Stripe.errors.StripeInvalidRequestError({
        message: 'bad',
        type: 'invalid_request_error',
        code: 'parameter_invalid',
      }),
    );
    expect(invalid?.code).toBe('stripe_rejected');
    expect(invalid?.details).toEqual({ stripeCode: 'parameter_invalid' });
    const promo = mapStripeError(
      new Stripe.errors.StripeInvalidRequestError({
        message: 'x',
        type: 'invalid_request_error',
        param: 'discounts[0][promotion_code]',
      }),
    );
    expect(promo?.code).toBe('invalid_promotion_code');
    const connection = mapStripeError(
      new Stripe.errors.StripeConnectionError({ message: 'x', type: 'api_error' }),
    );
    expect(connection?.code).toBe('stripe_unavailable');
    expect(connection?.headers?.['retry-after']).toBe('2');
    const auth = mapStripeError(
      new Stripe.errors.StripeAuthenticationError({ message: 'x', type: 'authentication_error' }),
    );
    expect(auth?.code).toBe('stripe_unavailable');
    expect(mapStripeError(new Error('x'))).toBeNull();
  });
});
