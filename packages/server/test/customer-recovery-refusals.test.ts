import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';
import { call, makeBilling, stripeCalls, stripeFor, useEmulator } from './harness';

// How customer recovery treats each refusal Stripe can give it: only the ones it has a rule for are absorbed;
// anything else reaches the caller as Stripe being unavailable, and nothing is remembered from it.
const env = useEmulator();

/** A Plankit whose Stripe client does not retry, so each injected refusal reaches Plankit. */
function withoutRetries() {
  const store = createMemoryStore();
  const stripe = stripeFor(env.emulator, { maxNetworkRetries: 0 });
  return { store, billing: makeBilling(env.emulator, { store, stripe }) };
}

describe('search', () => {
  test('a search that fails with a 500 is not taken for the quota: the page view fails and the next one searches', async () => {
    const { store, billing } = withoutRetries();
    env.emulator.failNext({ fault: 'api_error', match: { path: '/v1/customers/search' } });
    const failed = await call(billing, '/subscription', undefined, { user: 'search_500' });
    expect([failed.status, failed.json.error.code]).toEqual([503, 'stripe_unavailable']);
    expect(await store.get('plankit:customer:search_500')).toBeNull();
    // No search pause follows a 500 (only a 429 rests search): the next view searches and remembers "none".
    env.emulator.clearRequestLog();
    const next = await call(billing, '/subscription', undefined, { user: 'search_500' });
    expect([next.status, next.json]).toEqual([200, { subscriptions: [] }]);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/customers', 'GET /v1/customers/search']);
  });
});

describe('search answers that are not "search is unavailable here"', () => {
  test.each([
    [
      'an invalid request about something else',
      { fault: 'invalid_request', message: 'Invalid search query.' },
      [400, 'stripe_rejected'],
    ],
    [
      'a 500 that says search is unavailable for now',
      { fault: 'api_error', message: 'Search is temporarily unavailable.' },
      [503, 'stripe_unavailable'],
    ],
  ] as const)('%s fails the page view, and search stays on', async (_name, fault, answer) => {
    const { billing } = withoutRetries();
    env.emulator.failNext({ ...fault, match: { path: '/v1/customers/search' } });
    const failed = await call(billing, '/subscription', undefined, { user: 'search_refused' });
    expect([failed.status, failed.json.error.code]).toEqual(answer);
    expect(billing.log.filter((line) => line.includes('not available on this account'))).toEqual([]);
    env.emulator.clearRequestLog();
    await call(billing, '/subscription', undefined, { user: 'search_refused' });
    expect(stripeCalls(env.emulator)).toContain('GET /v1/customers/search');
  });
});

describe('the search query', () => {
  test("a user id with a quote and a backslash is escaped: search finds the user's customer", async () => {
    const userId = "o'neil\\2";
    const customer = await env.stripe.customers.create({
      email: 'changed-address@example.com',
      metadata: { plankit_user_id: userId },
    });
    env.emulator.advanceClock(3); // past the search lag
    const { store, billing } = withoutRetries();
    const state = await call(billing, '/subscription', undefined, { user: userId });
    expect(state.status).toBe(200);
    expect(await store.get(`plankit:customer:${userId}`)).toBe(customer.id);
  });
});

describe('claiming a same-email customer', () => {
  test('a claim Stripe refuses as an invalid request is not fatal: the re-read decides, and the user gets a customer of their own', async () => {
    const legacy = await env.stripe.customers.create({ email: 'claim-400@example.com' });
    const { billing } = withoutRetries();
    env.emulator.failNext({
      fault: 'invalid_request',
      code: 'resource_missing',
      match: { method: 'POST', path: `/v1/customers/${legacy.id}` },
    });
    const checkout = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'claim-400' },
    );
    expect(checkout.status).toBe(200);
    const session = await env.stripe.checkout.sessions.retrieve(checkout.json.sessionId);
    expect(session.customer).not.toBe(legacy.id);
    const after = (await env.stripe.customers.retrieve(legacy.id)) as Stripe.Customer;
    expect(after.metadata.plankit_user_id).toBeUndefined();
  });

  test('a claim that fails with a 500 fails the checkout: no session and no second customer', async () => {
    const legacy = await env.stripe.customers.create({ email: 'claim-500@example.com' });
    const { billing } = withoutRetries();
    env.emulator.failNext({
      fault: 'api_error',
      match: { method: 'POST', path: `/v1/customers/${legacy.id}` },
    });
    env.emulator.clearRequestLog();
    const checkout = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'claim-500' },
    );
    expect([checkout.status, checkout.json.error.code]).toEqual([503, 'stripe_unavailable']);
    const writes = stripeCalls(env.emulator).filter((entry) => !entry.startsWith('GET '));
    expect(writes).toEqual([`POST /v1/customers/${legacy.id}`]);
  });
});
