import { describe, expect, test } from 'vitest';
import { CustomerLink, customerLinkKey } from '../src/customers/customer-link';
import type { PlankitStore } from '../src/index';
import { createMemoryStore, MemoryStoreFullError } from '../src/store/memory-store';
import { call, customerOf, makeBilling, signedEventRequest, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();
const secret = 'whsec_test_flood';

/** The memory store, recording which keys were written (to count them). */
function recordingStore(maxEntries: number) {
  const store = createMemoryStore({ maxEntries });
  const written = new Set<string>();
  const recording: PlankitStore = {
    ...store,
    set: (key, value, ttlMs) => {
      written.add(key);
      return store.set(key, value, ttlMs);
    },
  };
  return { store: recording, written };
}

function signedEvent(id: string) {
  return signedEventRequest(env.stripe, secret, {
    id,
    object: 'event',
    type: 'customer.created',
    api_version: '2026-10-28.endive',
    created: 1,
    data: { object: { object: 'customer', id: 'cus_flood', metadata: {} } },
  });
}

describe('store flood (issue 15.9)', () => {
  test('declined plan changes with client-chosen proration dates keep one record per subscription, and a redelivered event still runs once', async () => {
    const { store, written } = recordingStore(20);
    const seen: string[] = [];
    const billing = makeBilling(env.emulator, {
      store,
      planChange: { inApp: true, prorationBehavior: 'always_invoice' },
      webhook: { secret, on: { event: (event) => void seen.push(event.id) } },
    });
    expect((await billing.handler(signedEvent('evt_before_flood'))).status).toBe(200);
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'mallory' });
    const customer = (await customerOf(env.stripe, 'mallory')) as string;
    const subscription = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    const failing = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    const now = Math.floor(Date.now() / 1000);
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const reply = await call(
        billing,
        '/change-plan',
        { subscription: subscription.id, plan: 'pro', interval: 'month', prorationDate: now - attempt * 10 },
        { user: 'mallory' },
      );
      expect(reply.json.error.code).toBe('card_declined');
    }
    expect([...written].filter((key) => key.startsWith('plankit:failed-attempts:'))).toHaveLength(1);
    expect((await billing.handler(signedEvent('evt_before_flood'))).status).toBe(200);
    expect(seen).toEqual(['evt_before_flood']);
  });

  test('a customer link and a failure record survive a flood of cache writes', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    await new CustomerLink(store).link('rita', 'cus_rita');
    // Evicting this record would send the next attempt out under a key whose saved decline Stripe replays for 24 h.
    await store.set('plankit:failed-attempts:change:sub_1', '{"attempt":"a","token":"t"}', 60_000);
    for (let index = 0; index < 50; index += 1)
      await store.set(`plankit:proration:sub_${index}`, '[]', 60_000);
    expect(await store.get(customerLinkKey('rita'))).toBe('cus_rita');
    expect(await store.get('plankit:failed-attempts:change:sub_1')).toBe('{"attempt":"a","token":"t"}');
  });

  test('the memory store never drops event ids or leases for caches, and refuses when their budget is full', async () => {
    const store = createMemoryStore({ maxEntries: 3, maxDurableEntries: 2 });
    await store.set('plankit:event:evt_1', 'done', 60_000);
    await store.setIfAbsent('plankit:lease:checkout:u', 'me', 60_000);
    for (let index = 0; index < 50; index += 1)
      await store.set(`plankit:proration:sub_${index}`, '[]', 60_000);
    expect(await store.get('plankit:event:evt_1')).toBe('done');
    expect(await store.get('plankit:lease:checkout:u')).toBe('me');
    expect(await store.get('plankit:proration:sub_0')).toBeNull(); // caches drop their oldest
    await expect(store.set('plankit:event:evt_2', 'processing', 60_000)).rejects.toBeInstanceOf(
      MemoryStoreFullError,
    );
    // Through the handler, a full durable budget answers 503 store_unavailable: the event is retried, not lost.
    const billing = makeBilling(env.emulator, { store, webhook: { secret } });
    const reply = await billing.handler(signedEvent('evt_3'));
    expect(reply.status).toBe(503);
    expect((await reply.json()).error.code).toBe('store_unavailable');
  });
});
