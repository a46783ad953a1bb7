import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { createStripeClient } from '../src/stripe/create-stripe-client';
import { rateLimitDelayMs, withRateLimitRetries } from '../src/stripe/rate-limit-retry';
import { call, makeBilling, useEmulator } from './harness';

const env = useEmulator();

/** Plankit's own client (as built from `secretKey`) pointed at the emulator; fast backoff for the test. */
function plankitClient(): Stripe {
  return createStripeClient({
    secretKey: env.emulator.secretKey,
    ...env.emulator.stripeConfig,
    timeout: 5_000,
    rateLimitRetries: { baseDelayMs: 10 },
  });
}

function attempts(method: string, path: string) {
  return env.emulator.requestLog().filter((entry) => entry.method === method && entry.path === path);
}

describe('429 retries of the client built by createStripeClient', () => {
  test('a rate-limited checkout creation is sent again with the same idempotency key and succeeds', async () => {
    const billing = makeBilling(env.emulator, { stripe: plankitClient() });
    env.emulator.clearRequestLog();
    env.emulator.failNext({
      fault: 'rate_limit',
      count: 2,
      match: { method: 'POST', path: /^\/v1\/checkout\/sessions$/ },
    });
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month' });
    expect(reply.status, JSON.stringify(reply.json)).toBe(200);
    const creates = attempts('POST', '/v1/checkout/sessions');
    expect(creates.map((entry) => entry.status)).toEqual([429, 429, 200]);
    expect(new Set(creates.map((entry) => entry.idempotencyKey)).size).toBe(1);
    expect(creates[0]?.idempotencyKey).toMatch(/^plankit-checkout-/);
  });

  test('after two retries the client gets 503 stripe_unavailable with Retry-After', async () => {
    const billing = makeBilling(env.emulator, { stripe: plankitClient() });
    env.emulator.failNext({ fault: 'rate_limit', count: 5, match: { method: 'GET', path: '/v1/prices' } });
    const reply = await call(billing, '/plans');
    expect(reply.status).toBe(503);
    expect(reply.json.error.code).toBe('stripe_unavailable');
    expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(attempts('GET', '/v1/prices')).toHaveLength(3);
  });

  test('a client given by the app keeps only the SDK retries: a 429 is answered at once', async () => {
    const billing = makeBilling(env.emulator);
    env.emulator.failNext({ fault: 'rate_limit', count: 1, match: { method: 'GET', path: '/v1/prices' } });
    expect((await call(billing, '/plans')).status).toBe(503);
    expect(attempts('GET', '/v1/prices')).toHaveLength(1);
  });
});

/** A stand-in for the SDK's transport (the interface Stripe documents for custom HTTP clients). */
function scriptedTransport(replies: Array<{ status: number; headers?: Record<string, string> }>) {
  const sent: Array<{ path: string; headers: Record<string, unknown> }> = [];
  let disposed = 0;
  const transport: Stripe.HttpClient = {
    getClientName: () => 'scripted',
    makeRequest: async (_host, _port, path, _method, headers) => {
      sent.push({ path, headers: { ...headers } });
      const reply = replies[Math.min(sent.length - 1, replies.length - 1)]!;
      return {
        getStatusCode: () => reply.status,
        getHeaders: () => reply.headers ?? {},
        getRawResponse: () => null,
        toStream: () => null,
        toJSON: async () => ({}),
        dispose: () => {
          disposed += 1;
        },
      };
    },
  };
  return { transport, sent, disposed: () => disposed };
}

async function send(client: Stripe.HttpClient) {
  const response = await client.makeRequest(
    'api.stripe.com',
    '443',
    '/v1/checkout/sessions',
    'POST',
    { 'Idempotency-Key': 'plankit-checkout-abc' },
    'mode=subscription',
    'https',
    1000,
  );
  return response.getStatusCode();
}

describe('withRateLimitRetries', () => {
  test("honours Stripe's Retry-After, re-sends the same request, and frees each discarded response", async () => {
    const { transport, sent, disposed } = scriptedTransport([
      { status: 429, headers: { 'retry-after': '1' } },
      { status: 200 },
    ]);
    const waits: number[] = [];
    const client = withRateLimitRetries(transport, {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0,
    });
    expect(await send(client)).toBe(200);
    expect(waits).toEqual([1000]);
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.headers['Idempotency-Key'])).toEqual([
      'plankit-checkout-abc',
      'plankit-checkout-abc',
    ]);
    expect(disposed()).toBe(1);
    expect(client.getClientName()).toBe('scripted');
  });

  test('a Retry-After too long to wait in a request, or a Stripe-Should-Retry header, is left to the caller', async () => {
    const long = scriptedTransport([{ status: 429, headers: { 'retry-after': '30' } }]);
    expect(await send(withRateLimitRetries(long.transport, { sleep: async () => {} }))).toBe(429);
    expect(long.sent).toHaveLength(1);
    // The SDK retries these itself: retrying here too would multiply the attempts.
    const sdk = scriptedTransport([{ status: 429, headers: { 'stripe-should-retry': 'true' } }]);
    expect(await send(withRateLimitRetries(sdk.transport, { sleep: async () => {} }))).toBe(429);
    expect(sdk.sent).toHaveLength(1);
  });

  test('bounded: two retries by default, none when turned off, other statuses untouched', async () => {
    const limited = scriptedTransport([{ status: 429 }]);
    expect(await send(withRateLimitRetries(limited.transport, { sleep: async () => {} }))).toBe(429);
    expect(limited.sent).toHaveLength(3);
    const off = scriptedTransport([{ status: 429 }]);
    await send(withRateLimitRetries(off.transport, { retries: 0, sleep: async () => {} }));
    expect(off.sent).toHaveLength(1);
    const failing = scriptedTransport([{ status: 500 }]);
    expect(await send(withRateLimitRetries(failing.transport, { sleep: async () => {} }))).toBe(500);
    expect(failing.sent).toHaveLength(1);
  });

  test('backoff doubles, is jittered down by at most half, and is capped at 1 s', () => {
    const options = { baseDelayMs: 250, maxDelayMs: 1000 };
    expect(rateLimitDelayMs(0, undefined, { ...options, random: () => 0 })).toBe(125);
    expect(rateLimitDelayMs(0, undefined, { ...options, random: () => 0.999 })).toBe(250);
    expect(rateLimitDelayMs(1, undefined, { ...options, random: () => 0.999 })).toBe(500);
    expect(rateLimitDelayMs(5, undefined, { ...options, random: () => 0.999 })).toBe(1000);
    expect(rateLimitDelayMs(0, '0.5', { ...options, random: () => 0 })).toBe(500);
    expect(rateLimitDelayMs(0, '2', { ...options, random: () => 0 })).toBeNull();
    expect(rateLimitDelayMs(0, 'soon', { ...options, random: () => 0 })).toBe(125);
  });
});
