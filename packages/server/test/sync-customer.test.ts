import { describe, expect, test } from 'vitest';
import { billingSnapshotSchemaVersion } from '../src/state/billing-snapshot';
import { fetchBillingState } from '../src/state/fetch-billing-state';
import { resyncAfterMutation, snapshotFor } from '../src/state/snapshot-reads';
import { readSnapshot, snapshotKey, writeSnapshot } from '../src/state/snapshot-store';
import { syncCustomer } from '../src/state/sync-customer';
import { createMemoryStore } from '../src/store/memory-store';
import { quietLogger, stripeCalls, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

function context() {
  return { stripe: env.stripe, store: createMemoryStore() };
}

async function customerWithPlan(userId = 'user_1') {
  const customer = await env.stripe.customers.create({
    email: `${userId}@example.com`,
    metadata: { plankit_user_id: userId },
  });
  const subscription = await subscribeDirectly(env.stripe, customer.id, ['pro_monthly']);
  env.emulator.clearRequestLog();
  return { customer: customer.id, subscription };
}

describe('fetchBillingState', () => {
  test('one subscriptions.list carries every fact of a subscribed customer', async () => {
    const { customer, subscription } = await customerWithPlan();
    const state = await fetchBillingState(context(), customer);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/subscriptions']);
    expect(state.schemaVersion).toBe(billingSnapshotSchemaVersion);
    expect(state.deleted).toBe(false);
    expect(state.customer).toMatchObject({ id: customer, userId: 'user_1', email: 'user_1@example.com' });
    expect(state.hadSubscription).toBe(true);
    expect(state.subscriptions).toHaveLength(1);
    const [facts] = state.subscriptions;
    expect(facts).toMatchObject({ id: subscription.id, status: 'active', cancelAtPeriodEnd: false });
    expect(facts!.items[0]).toMatchObject({
      priceId: subscription.items.data[0]!.price.id,
      lookupKey: 'pro_monthly',
      interval: 'month',
      intervalCount: 1,
      quantity: 1,
    });
    expect(facts!.defaultPaymentMethod).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(facts!.latestInvoice?.status).toBe('paid');
    expect(facts!.currentPeriodEnd).toBe(subscription.items.data[0]!.current_period_end);
  });

  test('a customer without subscriptions costs one more call; ended ones are kept apart', async () => {
    const bare = await env.stripe.customers.create({ email: 'bare@example.com' });
    env.emulator.clearRequestLog();
    const state = await fetchBillingState(context(), bare.id);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/subscriptions', `GET /v1/customers/${bare.id}`]);
    expect(state).toMatchObject({ deleted: false, subscriptions: [], hadSubscription: false });

    const { customer, subscription } = await customerWithPlan('user_2');
    await env.stripe.subscriptions.cancel(subscription.id);
    const ended = await fetchBillingState(context(), customer);
    expect(ended.subscriptions).toEqual([]);
    expect(ended.endedSubscriptions.map((entry) => entry.id)).toEqual([subscription.id]);
    expect(ended.hadSubscription).toBe(true);
  });

  test('a deleted or unknown customer gives a state that says so', async () => {
    const { customer } = await customerWithPlan();
    await env.stripe.customers.del(customer);
    expect(await fetchBillingState(context(), customer)).toMatchObject({
      deleted: true,
      customer: null,
      subscriptions: [],
    });
    expect(await fetchBillingState(context(), 'cus_missing')).toMatchObject({
      deleted: true,
      customer: null,
    });
  });
});

describe('snapshot store', () => {
  test('an unreadable value, another schema or another customer count as missing', async () => {
    const store = createMemoryStore();
    await store.set(snapshotKey('cus_a'), '{not json');
    expect(await readSnapshot(store, 'cus_a')).toBeNull();
    const { customer } = await customerWithPlan();
    const state = await fetchBillingState(context(), customer);
    await store.set(
      snapshotKey(customer),
      JSON.stringify({ ...state, schemaVersion: 0, version: 1, syncedAt: 1 }),
    );
    expect(await readSnapshot(store, customer)).toBeNull();
    await store.set(snapshotKey('cus_b'), JSON.stringify({ ...state, version: 1, syncedAt: 1 }));
    expect(await readSnapshot(store, 'cus_b')).toBeNull();
    await store.set(snapshotKey(customer), JSON.stringify({ ...state, version: 1, syncedAt: 1 }));
    expect((await readSnapshot(store, customer))?.version).toBe(1);
  });

  test('an older version never overwrites a newer one', async () => {
    const store = createMemoryStore();
    const { customer } = await customerWithPlan();
    const state = await fetchBillingState(context(), customer);
    expect(await writeSnapshot(store, { ...state, version: 2, syncedAt: 2 })).toBe(true);
    expect(await writeSnapshot(store, { ...state, version: 1, syncedAt: 3 })).toBe(false);
    expect((await readSnapshot(store, customer))?.syncedAt).toBe(2);
  });
});

describe('syncCustomer', () => {
  test('writes a versioned snapshot that follows Stripe', async () => {
    const ctx = context();
    const { customer, subscription } = await customerWithPlan();
    const first = await syncCustomer(ctx, customer);
    expect(first.version).toBe(1);
    expect(await readSnapshot(ctx.store, customer)).toEqual(first);
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const second = await syncCustomer(ctx, customer);
    expect(second.version).toBe(2);
    expect(second.subscriptions[0]!.cancelAtPeriodEnd).toBe(true);
    expect((await readSnapshot(ctx.store, customer))?.subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
  });

  test('a refused write (a newer fetch won) answers what the store holds', async () => {
    const ctx = context();
    const { customer } = await customerWithPlan();
    const state = await fetchBillingState(ctx, customer);
    await writeSnapshot(ctx.store, { ...state, subscriptions: [], version: 100, syncedAt: 5 });
    const answer = await syncCustomer(ctx, customer);
    expect(answer).toMatchObject({ version: 100, syncedAt: 5, subscriptions: [] });
  });

  test('coalesced: one fetch running and one queued, every later call shares the queued one', async () => {
    const ctx = context();
    const { customer } = await customerWithPlan();
    const running = syncCustomer(ctx, customer);
    const queued = [syncCustomer(ctx, customer), syncCustomer(ctx, customer), syncCustomer(ctx, customer)];
    const [first, ...rest] = await Promise.all([running, ...queued]);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/subscriptions', 'GET /v1/subscriptions']);
    expect(first!.version).toBe(1);
    // The call that arrived while a fetch ran got a fetch of its own after it, never the running one.
    expect(rest.map((snapshot) => snapshot.version)).toEqual([2, 2, 2]);
    // Once idle, the next call fetches again.
    expect((await syncCustomer(ctx, customer)).version).toBe(3);
  });

  test('a change made while a fetch runs is in the snapshot after the queued fetch', async () => {
    const store = createMemoryStore();
    // Hold the first write until the change is made: that fetch then surely read Stripe before the change.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let writes = 0;
    const ctx = {
      stripe: env.stripe,
      store: {
        ...store,
        setIfNewer: async (key: string, value: string, version: number) => {
          writes += 1;
          if (writes === 1) await gate;
          return store.setIfNewer(key, value, version);
        },
      },
    };
    const { customer, subscription } = await customerWithPlan();
    const running = syncCustomer(ctx, customer);
    while (writes === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    const after = syncCustomer(ctx, customer);
    release();
    expect((await running).subscriptions[0]!.cancelAtPeriodEnd).toBe(false);
    expect((await after).subscriptions[0]!.cancelAtPeriodEnd).toBe(true);
    expect((await readSnapshot(store, customer))?.subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
  });

  test('a failed fetch rejects, and the next call tries again', async () => {
    const ctx = context();
    const { customer } = await customerWithPlan();
    env.emulator.failNext({
      fault: 'api_error',
      count: 3,
      match: { method: 'GET', path: '/v1/subscriptions' },
    });
    await expect(syncCustomer(ctx, customer)).rejects.toThrow();
    expect(await readSnapshot(ctx.store, customer)).toBeNull();
    expect((await syncCustomer(ctx, customer)).subscriptions).toHaveLength(1);
  });

  test('a failed re-sync after a change: a fetch another instance began before the change cannot write over it', async () => {
    const store = createMemoryStore();
    // Instance A's fetch read Stripe before the change and is held before its write.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let heldWrites = 0;
    const instanceA = {
      stripe: env.stripe,
      store: {
        ...store,
        setIfNewer: async (key: string, value: string, version: number) => {
          heldWrites += 1;
          await gate;
          return store.setIfNewer(key, value, version);
        },
      },
    };
    const instanceB = { stripe: env.stripe, store, logger: quietLogger() };
    const { customer, subscription } = await customerWithPlan();
    const early = syncCustomer(instanceA, customer);
    while (heldWrites === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // Instance B makes the change, and its re-sync fails (Stripe answers 500 to the list).
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    env.emulator.failNext({
      fault: 'api_error',
      count: 3,
      match: { method: 'GET', path: '/v1/subscriptions' },
    });
    await resyncAfterMutation(instanceB, customer);
    expect(instanceB.logger.lines).toEqual([
      expect.stringMatching(/^warn Plankit: re-sync of cus_\w+ after a change failed/),
    ]);
    // Until then, reads find no snapshot and sync instead of serving the state from before the change.
    expect(await readSnapshot(store, customer)).toBeNull();
    release();
    // The early fetch's write is refused, and it fetches again rather than answer what it saw.
    expect((await early).subscriptions[0]!.cancelAtPeriodEnd).toBe(true);
    expect((await readSnapshot(store, customer))?.subscriptions[0]?.cancelAtPeriodEnd).toBe(true);
    const read = await snapshotFor(instanceB, customer);
    expect(read.subscriptions[0]!.cancelAtPeriodEnd).toBe(true);
  });
});
