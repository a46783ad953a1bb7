import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';
import { call, makeBilling, postSignedEvent, useEmulator } from './harness';

// What customer events do to the store's user -> customer links (`plankit:customer:<user>`), event by event: the
// events are the emulator's own, delivered signed to the handler; the store is read directly.
const env = useEmulator();
const secret = 'whsec_test_customer_link_events';
const linkOf = (store: ReturnType<typeof createMemoryStore>, user: string) =>
  store.get(`plankit:customer:${user}`);

function setUp() {
  const store = createMemoryStore();
  return { store, billing: makeBilling(env.emulator, { store, webhook: { secret } }) };
}

/** Delivers the recorded events of these types about this object, oldest first. */
async function deliver(billing: ReturnType<typeof makeBilling>, objectId: string, types: string[]) {
  const events = env.emulator
    .events()
    .filter((event) => types.includes(event.type) && (event.data.object as { id?: string }).id === objectId)
    .reverse();
  expect(events.length).toBeGreaterThan(0);
  for (const event of events) {
    expect((await postSignedEvent(env.stripe, billing, secret, event)).status).toBe(200);
  }
}

/** Paths of the customer reads Plankit made (GET /v1/customers/<id>). */
function customerReads(): string[] {
  return env.emulator
    .requestLog()
    .filter((entry) => entry.method === 'GET' && entry.path.startsWith('/v1/customers/'))
    .map((entry) => entry.path);
}

describe('customer.deleted', () => {
  test('drops the link of the user it names, and only if the link still names this customer', async () => {
    const { store, billing } = setUp();
    const gone = await env.stripe.customers.create({ metadata: { plankit_user_id: 'gone' } });
    const kept = await env.stripe.customers.create({ metadata: { plankit_user_id: 'kept' } });
    await store.set('plankit:customer:gone', gone.id);
    // `kept` was relinked to a newer customer meanwhile: the old customer's deletion must not drop that link.
    await store.set('plankit:customer:kept', 'cus_newer');
    await env.stripe.customers.del(gone.id);
    await env.stripe.customers.del(kept.id);
    await deliver(billing, gone.id, ['customer.deleted']);
    await deliver(billing, kept.id, ['customer.deleted']);
    expect(await linkOf(store, 'gone')).toBeNull();
    expect(await linkOf(store, 'kept')).toBe('cus_newer');
  });
});

describe('customer.updated', () => {
  test('moving plankit_user_id to another user unlinks the former user and links the new one marked "no customer"', async () => {
    const { store, billing } = setUp();
    const customer = await env.stripe.customers.create({ metadata: { plankit_user_id: 'before' } });
    await store.set('plankit:customer:before', customer.id);
    await call(billing, '/subscription', undefined, { user: 'after' }); // marks "no customer"
    expect(await linkOf(store, 'after')).toBe('-');
    await env.stripe.customers.update(customer.id, { metadata: { plankit_user_id: 'after' } });
    await deliver(billing, customer.id, ['customer.updated']);
    expect(await linkOf(store, 'before')).toBeNull();
    expect(await linkOf(store, 'after')).toBe(customer.id);
  });

  test('a change of something else keeps the link', async () => {
    const { store, billing } = setUp();
    const customer = await env.stripe.customers.create({ metadata: { plankit_user_id: 'steady' } });
    await store.set('plankit:customer:steady', customer.id);
    await env.stripe.customers.update(customer.id, { name: 'New name', metadata: { plan_note: 'x' } });
    await deliver(billing, customer.id, ['customer.updated']);
    expect(await linkOf(store, 'steady')).toBe(customer.id);
  });
});

describe('customer.created', () => {
  test('links a user marked "no customer" after re-reading the customer', async () => {
    const { store, billing } = setUp();
    await call(billing, '/subscription', undefined, { user: 'newcomer' });
    const customer = await env.stripe.customers.create({ metadata: { plankit_user_id: 'newcomer' } });
    await deliver(billing, customer.id, ['customer.created']);
    expect(await linkOf(store, 'newcomer')).toBe(customer.id);
  });

  test('leaves a user Plankit has never looked up, or one already linked, alone', async () => {
    const { store, billing } = setUp();
    await store.set('plankit:customer:linked', 'cus_existing');
    const unknown = await env.stripe.customers.create({ metadata: { plankit_user_id: 'unknown' } });
    const second = await env.stripe.customers.create({ metadata: { plankit_user_id: 'linked' } });
    await deliver(billing, unknown.id, ['customer.created']);
    await deliver(billing, second.id, ['customer.created']);
    expect(await linkOf(store, 'unknown')).toBeNull();
    expect(await linkOf(store, 'linked')).toBe('cus_existing');
  });

  test('a re-read Stripe fails with a 500 fails the webhook (503), so Stripe retries it; the retry links the user', async () => {
    const { store, billing } = setUp();
    await call(billing, '/subscription', undefined, { user: 'retried' });
    const customer = await env.stripe.customers.create({ metadata: { plankit_user_id: 'retried' } });
    const [event] = env.emulator.events().filter((each) => each.type === 'customer.created');
    // Three failures: the SDK's two retries of the read fail too.
    env.emulator.failNext({
      fault: 'api_error',
      count: 3,
      match: { method: 'GET', path: `/v1/customers/${customer.id}` },
    });
    expect((await postSignedEvent(env.stripe, billing, secret, event)).status).toBe(503);
    expect(await linkOf(store, 'retried')).toBe('-');
    expect((await postSignedEvent(env.stripe, billing, secret, event)).status).toBe(200);
    expect(await linkOf(store, 'retried')).toBe(customer.id);
  });

  test('a re-read that no longer names the user links nothing (the payload is only a hint)', async () => {
    const { store, billing } = setUp();
    await call(billing, '/subscription', undefined, { user: 'hinted' });
    const customer = await env.stripe.customers.create({ metadata: { plankit_user_id: 'hinted' } });
    await env.stripe.customers.update(customer.id, { metadata: { plankit_user_id: 'someone' } });
    await deliver(billing, customer.id, ['customer.created']);
    expect(await linkOf(store, 'hinted')).toBe('-');
  });
});

describe('other events', () => {
  test('a subscription event naming a user marked "no customer" links nothing and reads no customer', async () => {
    const { store, billing } = setUp();
    await call(billing, '/subscription', undefined, { user: 'subscriber' });
    const customer = await env.stripe.customers.create({ metadata: { plankit_user_id: 'other' } });
    const prices = await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] });
    const subscription: Stripe.Subscription = await env.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: prices.data[0]!.id }],
      metadata: { plankit_user_id: 'subscriber' },
      payment_behavior: 'default_incomplete',
    });
    env.emulator.clearRequestLog();
    await deliver(billing, subscription.id, ['customer.subscription.created']);
    expect(await linkOf(store, 'subscriber')).toBe('-');
    // Were subscription events treated as customer events, Plankit would re-read `/v1/customers/sub_...`.
    expect(customerReads().filter((path) => path.endsWith(subscription.id))).toEqual([]);
  });
});
