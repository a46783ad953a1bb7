import { describe, expect, test } from 'vitest';
import { readSnapshot, snapshotKey } from '../src/state/snapshot-store';
import { createMemoryStore } from '../src/store/memory-store';
import {
  call,
  makeBilling,
  postSignedEvent,
  signedEventRequest,
  stripeCalls,
  subscribeDirectly,
  useEmulator,
} from './harness';

const env = useEmulator();
const secret = 'whsec_test_snapshot';

/** A subscribed user whose customer Plankit already linked (the first read found it). */
async function subscribedUser(store = createMemoryStore(), overrides = {}) {
  const billing = makeBilling(env.emulator, { store, webhook: { secret }, ...overrides });
  const customer = await env.stripe.customers.create({
    email: 'user_1@example.com',
    metadata: { plankit_user_id: 'user_1' },
  });
  const subscription = await subscribeDirectly(env.stripe, customer.id, ['pro_monthly']);
  const first = await call(billing, '/subscription');
  expect(first.json.subscriptions[0].planKey).toBe('pro');
  env.emulator.clearRequestLog();
  return { billing, store, customer: customer.id, subscription };
}

function signedEvent(type: string, object: Record<string, unknown>) {
  return signedEventRequest(env.stripe, secret, {
    id: `evt_${Math.random().toString(36).slice(2)}`,
    object: 'event',
    type,
    api_version: '2026-10-28.endive',
    created: 1,
    data: { object },
  });
}

describe('reads from the snapshot', () => {
  test('GET /subscription warm: 0 Stripe calls; billing.getBilling(): 0; cold: one sync', async () => {
    const { billing, store, customer } = await subscribedUser();
    const warm = await call(billing, '/subscription');
    expect(warm.json.subscriptions).toHaveLength(1);
    expect(stripeCalls(env.emulator)).toEqual([]);
    const summary = await billing.getBilling('user_1');
    expect(summary).toMatchObject({
      userId: 'user_1',
      customerId: customer,
      plan: { key: 'pro', status: 'active' },
    });
    expect(summary?.subscriptions).toEqual(warm.json.subscriptions);
    const fromRequest = await billing.getBilling(new Headers({ 'x-test-user': 'user_1' }));
    expect(fromRequest?.plan?.key).toBe('pro');
    expect(await billing.getBilling(new Headers())).toBeNull();
    expect(stripeCalls(env.emulator)).toEqual([]);
    const initial = await billing.initialData({ 'x-test-user': 'user_1' });
    expect(initial.subscription?.subscriptions[0]?.planKey).toBe('pro');
    expect(stripeCalls(env.emulator)).toEqual([]);
    console.log('figure: GET /subscription warm = 0 Stripe calls; billing.getBilling() = 0; initialData = 0');

    await store.delete(snapshotKey(customer));
    await call(billing, '/subscription');
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/subscriptions']);
  });

  test('a user without a customer reads the empty state; getBilling says so', async () => {
    const billing = makeBilling(env.emulator);
    expect((await call(billing, '/subscription', undefined, { user: 'nobody' })).json).toEqual({
      subscriptions: [],
    });
    expect(await billing.getBilling('nobody')).toMatchObject({
      customerId: null,
      plan: null,
      syncedAt: null,
    });
  });

  test('a webhook re-syncs from Stripe whatever its payload says; a failed sync answers 5xx and is retried', async () => {
    const { billing, store, customer, subscription } = await subscribedUser();
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    // The payload lies (says nothing changed): the snapshot follows Stripe, not the payload.
    const object = { id: subscription.id, object: 'subscription', customer, status: 'active', metadata: {} };
    env.emulator.failNext({
      fault: 'api_error',
      count: 3,
      match: { method: 'GET', path: '/v1/subscriptions' },
    });
    const request = signedEvent('customer.subscription.updated', object);
    const retry = request.clone();
    expect((await billing.handler(request)).status).toBeGreaterThanOrEqual(500);
    expect((await readSnapshot(store, customer))?.subscriptions[0]?.cancelAtPeriodEnd).toBe(false);
    const again = await billing.handler(retry);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ received: true });
    expect((await readSnapshot(store, customer))?.subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
    // A detached payment method names its customer only in previous_attributes.
    const before = (await readSnapshot(store, customer))!.version;
    await postSignedEvent(env.stripe, billing, secret, {
      id: 'evt_detached',
      object: 'event',
      type: 'payment_method.detached',
      api_version: '2026-10-28.endive',
      created: 1,
      data: {
        object: { id: 'pm_1', object: 'payment_method', customer: null },
        previous_attributes: { customer },
      },
    });
    expect((await readSnapshot(store, customer))!.version).toBeGreaterThan(before);
  });

  test('a mutation re-syncs after it succeeds, so the next read shows it without webhooks', async () => {
    const { billing, subscription } = await subscribedUser(createMemoryStore(), {
      cancel: { modes: ['at_period_end'] },
    });
    const canceled = await call(billing, '/cancel', {
      subscription: subscription.id,
      reason: 'too_expensive',
    });
    expect(canceled.status).toBe(200);
    env.emulator.clearRequestLog();
    const read = await call(billing, '/subscription');
    expect(read.json.subscriptions[0].cancelAtPeriodEnd).toBe(true);
    expect(stripeCalls(env.emulator)).toEqual([]);
  });
});

describe('POST /sync', () => {
  test('re-syncs the caller from Stripe now (a change the snapshot has not seen)', async () => {
    const { billing, subscription } = await subscribedUser();
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect((await call(billing, '/subscription')).json.subscriptions[0].cancelAtPeriodEnd).toBe(false);
    env.emulator.clearRequestLog();
    const synced = await call(billing, '/sync', {});
    expect(synced.status).toBe(200);
    expect(synced.json.subscriptions[0].cancelAtPeriodEnd).toBe(true);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/subscriptions']);
    expect((await call(billing, '/subscription')).json.subscriptions[0].cancelAtPeriodEnd).toBe(true);
  });

  test('is Origin-checked, answers the empty state without a customer (creating none), and is rate-limited', async () => {
    const billing = makeBilling(env.emulator, { rateLimit: { sync: { max: 3, windowMs: 60_000 } } });
    expect((await call(billing, '/sync', {}, { origin: null })).json.error.code).toBe('forbidden_origin');
    expect((await call(billing, '/sync', {}, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await call(billing, '/sync', { extra: 1 })).status).toBe(400);
    for (let index = 0; index < 3; index += 1) {
      expect((await call(billing, '/sync', {})).json).toEqual({ subscriptions: [] });
    }
    const limited = await call(billing, '/sync', {});
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await call(billing, '/sync', {}, { user: 'other' })).status).toBe(200);
    expect(Object.values(env.emulator.state.customers)).toHaveLength(0);
  });
});
