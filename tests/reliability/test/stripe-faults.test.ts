import { createStripeClient } from '@plankit/server';
import type { FaultSpec } from '@plankit/stripe-emulator';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { call, makeBilling, stripeFor } from '../src/billing';
import { seed } from '../src/fixtures';
import {
  checkoutSessionsOf,
  customerFor,
  customersOf,
  liveSubscriptionsOf,
  payCheckout,
} from '../src/stripe-state';

/*
 * Stripe failing under the server, injected through the emulator: 429, 500, responses slower than the SDK timeout,
 * dropped connections. A transient fault is retried (by the SDK, and 429s by the client createStripeClient builds)
 * with the same idempotency key and the customer never notices; a persistent one answers 503 stripe_unavailable with
 * Retry-After. In no case does a second Checkout session, customer or subscription appear.
 */

const sdkTimeoutMs = 800;
let emulator: Emulator;
let stripe: Stripe;
let counter = 0;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  stripe = stripeFor(emulator);
});
beforeEach(() => {
  emulator.clearFaults();
  emulator.clearRequestLog();
});
afterAll(async () => {
  await emulator?.close();
});

/**
 * A billing handler on the client Plankit builds from a secret key (createStripeClient: 2 network retries, 2 retries
 * of a 429), with a short timeout so "slow" faults fit in a test.
 */
async function setup() {
  const billing = makeBilling(emulator, {
    stripe: createStripeClient({
      secretKey: emulator.secretKey,
      ...emulator.stripeConfig,
      timeout: sdkTimeoutMs,
      maxNetworkRetries: 2,
    }),
  });
  expect((await call(billing, '/plans')).status).toBe(200);
  const user = `faulty-${++counter}`;
  const customer = await customerFor(stripe, user);
  emulator.clearRequestLog();
  return { billing, user, customer };
}

function attemptsOf(method: string, path: string) {
  return emulator.requestLog().filter((entry) => entry.method === method && entry.path === path);
}

const faults: Array<{ name: string; spec: Omit<FaultSpec, 'count' | 'match'> }> = [
  { name: '500 api_error', spec: { fault: 'api_error' } },
  { name: 'dropped connection', spec: { fault: 'drop' } },
  // Stripe answers a retry that arrives while the first attempt still runs with a 409 (the key is in use), and a
  // later one with the first attempt's result; so "persistent" is an attempt slower than every retry (below).
  {
    name: `slow (${sdkTimeoutMs * 2} ms > ${sdkTimeoutMs} ms timeout)`,
    spec: { fault: 'delay', delayMs: sdkTimeoutMs * 2 },
  },
  // The SDK retries a 429 only with Stripe-Should-Retry: true; Plankit's client retries it twice after a backoff.
  { name: '429 rate_limit', spec: { fault: 'rate_limit' } },
];

const figures: string[] = [];

describe('Stripe faults on Checkout session creation', () => {
  for (const { name, spec } of faults) {
    test(`${name}: one idempotency key across attempts; 503 + Retry-After (409 while a slow attempt runs) once retries are spent; one session`, async () => {
      const { billing, user, customer } = await setup();
      // Exactly the creation: a plain string would also match (and spend the faults on) .../expire.
      const match = { method: 'POST', path: /^\/v1\/checkout\/sessions$/ };
      const body = { plan: 'pro', interval: 'month' };

      // Transient: one failure.
      emulator.failNext({ ...spec, count: 1, match });
      const transient = await call(billing, '/checkout', body, { user });
      const transientAttempts = attemptsOf('POST', '/v1/checkout/sessions');
      expect(transient.status, transient.text).toBe(200);
      expect(transientAttempts.length).toBeGreaterThanOrEqual(2);
      expect(new Set(transientAttempts.map((entry) => entry.idempotencyKey)).size).toBe(1);
      expect(transientAttempts[0]?.idempotencyKey).toMatch(/^plankit-checkout-/);

      // Persistent: every attempt fails.
      emulator.clearRequestLog();
      const slowest = spec.fault === 'delay' ? { ...spec, delayMs: sdkTimeoutMs * 10 } : spec;
      emulator.failNext({ ...slowest, count: 3, match });
      const persistent = await call(billing, '/checkout', { plan: 'starter', interval: 'year' }, { user });
      const persistentAttempts = attemptsOf('POST', '/v1/checkout/sessions');
      // Slow: the retries that find the first attempt still running get 409s, which the client retries too.
      if (spec.fault === 'delay') {
        expect(persistentAttempts.length).toBeGreaterThanOrEqual(3);
        expect(persistentAttempts.slice(1).every((entry) => entry.status === 409)).toBe(true);
      } else {
        expect(persistentAttempts).toHaveLength(3);
      }
      expect(new Set(persistentAttempts.map((entry) => entry.idempotencyKey)).size).toBe(1);
      if (spec.fault === 'delay') {
        // Stripe kept saying the first attempt is still running: so is the customer's checkout.
        expect(persistent.status).toBe(409);
        expect(persistent.json.error.code).toBe('checkout_in_progress');
      } else {
        expect(persistent.status).toBe(503);
        expect(persistent.json.error.code).toBe('stripe_unavailable');
        expect(Number(persistent.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(persistent.text).not.toMatch(/api_error|rate limit|emulator|ECONN|socket/i);

      // The customer tries again once Stripe is back; then pays; then tries once more.
      emulator.clearFaults();
      // The slow first attempt still runs: wait until Stripe has answered it (its session answers the retry below).
      while (spec.fault === 'delay' && persistentAttempts[0]?.status === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const again = await call(billing, '/checkout', { plan: 'starter', interval: 'year' }, { user });
      expect(again.status, again.text).toBe(200);
      expect(again.json.type).toBe('checkout');
      const open = checkoutSessionsOf(emulator, customer).filter((session) => session.status === 'open');
      expect(open).toHaveLength(1);
      expect(await payCheckout(again.json.url)).toBeLessThan(400);
      const after = await call(billing, '/checkout', body, { user });
      expect(after.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
      expect(liveSubscriptionsOf(emulator, customer)).toHaveLength(1);
      expect(customersOf(emulator, user)).toHaveLength(1);
      const created = checkoutSessionsOf(emulator, customer).length;
      figures.push(
        `${name}: transient -> ${transient.status} after ${transientAttempts.length} attempt(s), one key; ` +
          `persistent -> ${persistent.status} (Retry-After ${persistent.headers.get('retry-after')}) after ${persistentAttempts.length} attempt(s), one key; ` +
          `sessions created ${created}, open 1, subscriptions 1`,
      );
    }, 30_000);
  }

  test('a failing customer creation is retried with one key: one customer', async () => {
    const billing = makeBilling(emulator, { stripe: stripeFor(emulator, { timeout: sdkTimeoutMs }) });
    const user = `faulty-new-${++counter}`;
    emulator.failNext({ fault: 'drop', count: 1, match: { method: 'POST', path: '/v1/customers' } });
    emulator.failNext({ fault: 'api_error', count: 1, match: { method: 'POST', path: '/v1/customers' } });
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user });
    expect(reply.status, reply.text).toBe(200);
    const creations = attemptsOf('POST', '/v1/customers');
    expect(creations.length).toBe(3);
    expect(new Set(creations.map((entry) => entry.idempotencyKey)).size).toBe(1);
    expect(customersOf(emulator, user)).toHaveLength(1);
    figures.push(
      `customer creation: drop + 500 -> ${reply.status} after ${creations.length} attempts, one key, 1 customer`,
    );
  });

  test('faults on reads and on the portal: retried or 503, never a 500', async () => {
    const { billing, user } = await setup();
    emulator.failNext({ fault: 'api_error', count: 3, match: { method: 'GET', path: '/v1/subscriptions' } });
    const read = await call(billing, '/subscription', undefined, { user });
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toMatch(/^\d+$/);
    emulator.failNext({
      fault: 'drop',
      count: 1,
      match: { method: 'POST', path: '/v1/billing_portal/sessions' },
    });
    const portal = await call(billing, '/portal', { flow: 'homepage' }, { user });
    expect(portal.status, portal.text).toBe(200);
    const portalAttempts = attemptsOf('POST', '/v1/billing_portal/sessions');
    expect(portalAttempts).toHaveLength(2);
    expect(new Set(portalAttempts.map((entry) => entry.idempotencyKey)).size).toBe(1);
    figures.push(
      `reads: 3x500 on GET /v1/subscriptions -> ${read.status}; portal: drop -> ${portal.status} after 2 attempts, one key`,
    );
    console.log(`Stripe faults:\n  ${figures.join('\n  ')}`);
  });
});
