import type Stripe from 'stripe';
import { describe, expect, test, vi } from 'vitest';
import type { CustomerMapping, Identity } from '../src/index';
import { createMemoryStore } from '../src/store/memory-store';
import {
  call,
  customerOf,
  makeBilling,
  postSignedEvent,
  stripeCalls,
  stripeFor,
  subscribeDirectly,
  useEmulator,
} from './harness';

const env = useEmulator();
const webhookSecret = 'whsec_test_customer_link';

/** Stripe writes the emulator saw (every POST and DELETE to /v1). */
function stripeWrites(): string[] {
  return stripeCalls(env.emulator).filter((entry) => !entry.startsWith('GET '));
}

function searches(): number {
  return stripeCalls(env.emulator).filter((entry) => entry.endsWith('/search')).length;
}

/** Delivers the emulator's recorded events of these types to the handler, signed as Stripe signs them. */
async function deliverEvents(
  billing: ReturnType<typeof makeBilling>,
  types: string[],
  recorded = env.emulator.events(),
) {
  const events = recorded.filter((event) => types.includes(event.type)).reverse();
  for (const event of events) {
    expect((await postSignedEvent(env.stripe, billing, webhookSecret, event)).status).toBe(200);
  }
}

/** A subscribed customer linked to the user by metadata, created outside Plankit and already indexed by search. */
async function subscribedAndIndexed(email: string, userId: string) {
  const customer = await env.stripe.customers.create({ email, metadata: { plankit_user_id: userId } });
  await subscribeDirectly(env.stripe, customer.id, ['pro_monthly']);
  env.emulator.advanceClock(3); // past the search lag
  return customer;
}

/** An app-side mapping kept in a Map, recording what Plankit tells it. */
function mapMapping(initial: Record<string, string> = {}) {
  const rows = new Map(Object.entries(initial));
  const saved: Array<[string, string]> = [];
  const mapping: CustomerMapping = {
    find: async (identity) => rows.get(identity.userId) ?? null,
    save: async (identity, customerId) => {
      saved.push([identity.userId, customerId]);
      rows.set(identity.userId, customerId);
    },
  };
  return { mapping, rows, saved };
}

describe('the durable link (no search in steady state)', () => {
  test('a customer created at checkout is found by the next page view at once, on any instance, without search', async () => {
    const store = createMemoryStore();
    const billing = makeBilling(env.emulator, { store });
    const checkout = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect(checkout.status).toBe(200);
    const customer = await customerOf(env.stripe, 'user_1');
    await subscribeDirectly(env.stripe, customer!, ['pro_monthly']);
    env.emulator.clearRequestLog();
    // Within the emulator's 2 s search lag, and from a second instance sharing the store.
    const other = makeBilling(env.emulator, { store });
    const state = await call(other, '/subscription');
    expect(state.json.subscriptions).toHaveLength(1);
    expect(searches()).toBe(0);
    expect(stripeCalls(env.emulator).filter((entry) => entry.startsWith('GET /v1/customers'))).toEqual([]);
  });

  test('a signed-in user without a customer is remembered as such: repeat page views make no Stripe call', async () => {
    const billing = makeBilling(env.emulator);
    const first = await call(billing, '/subscription', undefined, { user: 'browser' });
    expect(first.json).toEqual({ subscriptions: [] });
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/customers', 'GET /v1/customers/search']);
    env.emulator.clearRequestLog();
    for (let view = 0; view < 5; view += 1) {
      expect((await call(billing, '/subscription', undefined, { user: 'browser' })).json).toEqual({
        subscriptions: [],
      });
    }
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('page views at once for a user Plankit does not know yet share one lookup', async () => {
    const billing = makeBilling(env.emulator);
    env.emulator.clearRequestLog();
    const views = await Promise.all(
      [1, 2, 3].map(() => call(billing, '/subscription', undefined, { user: 'three_tabs' })),
    );
    expect(views.map((view) => view.status)).toEqual([200, 200, 200]);
    const lookups = stripeCalls(env.emulator).filter((entry) => entry.startsWith('GET /v1/customers'));
    expect(lookups).toEqual(['GET /v1/customers', 'GET /v1/customers/search']);
  });

  test("a portal request does not join a page view's shared lookup: it finds or creates the customer itself", async () => {
    const billing = makeBilling(env.emulator);
    // The page view's list by email is held, so its lookup (which creates nothing) is still running.
    const hold = env.emulator.holdNext({ method: 'GET', path: '/v1/customers' });
    const view = call(billing, '/subscription', undefined, { user: 'early_portal' });
    await hold.reached;
    const portal = await call(
      billing,
      '/portal',
      { flow: 'homepage', returnTo: '/account' },
      { user: 'early_portal' },
    );
    hold.release();
    expect((await view).status).toBe(200);
    expect([portal.status, typeof portal.json.url]).toEqual([200, 'string']);
    expect(await customerOf(env.stripe, 'early_portal')).not.toBeNull();
  });

  test("the customer Plankit creates carries the user's email, name and id, under Plankit's own key", async () => {
    const billing = makeBilling(env.emulator);
    env.emulator.clearRequestLog();
    expect(
      (await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'named' })).status,
    ).toBe(200);
    const customer = await env.stripe.customers.retrieve((await customerOf(env.stripe, 'named'))!);
    expect(customer).toMatchObject({
      email: 'named@example.com',
      name: 'User named',
      metadata: { plankit_user_id: 'named' },
    });
    const creation = env.emulator
      .requestLog()
      .find((entry) => entry.method === 'POST' && entry.path === '/v1/customers');
    expect(creation?.idempotencyKey).toMatch(/^plankit-customer-[\w-]{40}$/);
  });

  test('the "no customer" mark is replaced when a customer is created for the user', async () => {
    const billing = makeBilling(env.emulator);
    await call(billing, '/subscription', undefined, { user: 'late' });
    env.emulator.clearRequestLog();
    const checkout = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'late' },
    );
    expect(checkout.status).toBe(200);
    // A mutation looks again (list, search) before creating, whatever the mark says.
    expect(stripeCalls(env.emulator).filter((entry) => / \/v1\/customers/.test(entry))).toEqual([
      'GET /v1/customers',
      'GET /v1/customers/search',
      'POST /v1/customers',
    ]);
    const customer = (await customerOf(env.stripe, 'late'))!;
    await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    env.emulator.clearRequestLog();
    const state = await call(billing, '/subscription', undefined, { user: 'late' });
    expect(state.json.subscriptions).toHaveLength(1);
    expect(env.emulator.requestLog()[0]).toMatchObject({ path: '/v1/subscriptions', params: { customer } });
  });

  test('a checkout after the mark still finds a customer made meanwhile outside Plankit (no duplicate)', async () => {
    const billing = makeBilling(env.emulator);
    await call(billing, '/subscription', undefined, { user: 'elsewhere' });
    const made = await env.stripe.customers.create({
      email: 'other-address@example.com',
      metadata: { plankit_user_id: 'elsewhere' },
    });
    env.emulator.advanceClock(3); // indexed by search
    const checkout = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'elsewhere' },
    );
    const session = await env.stripe.checkout.sessions.retrieve(checkout.json.sessionId);
    expect(session.customer).toBe(made.id);
    expect(await customerOf(env.stripe, 'elsewhere')).toBe(made.id);
  });

  test('a customer created outside Plankit for a user marked "no customer" is linked by its webhook', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret: webhookSecret } });
    await call(billing, '/subscription', undefined, { user: 'dashboard' });
    const customer = await env.stripe.customers.create({
      email: 'someone-else@example.com',
      metadata: { plankit_user_id: 'dashboard' },
    });
    await subscribeDirectly(env.stripe, customer.id, ['pro_monthly']);
    await deliverEvents(billing, ['customer.created']);
    env.emulator.clearRequestLog();
    const state = await call(billing, '/subscription', undefined, { user: 'dashboard' });
    expect(state.json.subscriptions).toHaveLength(1);
    expect(searches()).toBe(0);
  });

  test('a customer.created webhook for a customer Stripe no longer has links nothing, without an error', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret: webhookSecret } });
    await call(billing, '/subscription', undefined, { user: 'gone' });
    const customer = await env.stripe.customers.create({
      email: 'gone@example.com',
      metadata: { plankit_user_id: 'gone' },
    });
    const recorded = env.emulator.events();
    // The test data is cleared in Stripe before the event arrives: retrieving the customer is resource_missing.
    env.emulator.reset();
    env.emulator.clearRequestLog();
    await deliverEvents(billing, ['customer.created'], recorded);
    expect(stripeCalls(env.emulator)).toContain(`GET /v1/customers/${customer.id}`);
    expect(billing.log.filter((line) => line.startsWith('error'))).toEqual([]);
    env.emulator.clearRequestLog();
    // Still "no customer": the page view makes no Stripe call.
    const state = await call(billing, '/subscription', undefined, { user: 'gone' });
    expect(state.json).toEqual({ subscriptions: [] });
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('recovery: with an empty store, the list by email finds a same-email customer in one call, without search', async () => {
    // Indexed by search or not (a cold server right after the customer's creation): the list alone answers.
    for (const [user, indexed] of [
      ['cold_recent', false],
      ['cold_indexed', true],
    ] as const) {
      const customer = await env.stripe.customers.create({
        email: `${user}@example.com`,
        metadata: { plankit_user_id: user },
      });
      await subscribeDirectly(env.stripe, customer.id, ['pro_monthly']);
      if (indexed) env.emulator.advanceClock(3);
      const billing = makeBilling(env.emulator);
      env.emulator.clearRequestLog();
      const first = await call(billing, '/subscription', undefined, { user });
      expect(first.json.subscriptions, user).toHaveLength(1);
      expect(
        stripeCalls(env.emulator).filter((entry) => entry.startsWith('GET /v1/customers')),
        user,
      ).toEqual(['GET /v1/customers']);
      expect(env.emulator.requestLog()[0]?.params, user).toMatchObject({ email: `${user}@example.com` });
    }
  });

  test('recovery: with an empty store, search finds a customer whose email changed once (re-read), then the store has it', async () => {
    const customer = await subscribedAndIndexed('changed-email@example.com', 'returning');
    const billing = makeBilling(env.emulator);
    env.emulator.clearRequestLog();
    const first = await call(billing, '/subscription', undefined, { user: 'returning' });
    expect(first.json.subscriptions).toHaveLength(1);
    expect(stripeCalls(env.emulator).slice(0, 3)).toEqual([
      'GET /v1/customers',
      'GET /v1/customers/search',
      `GET /v1/customers/${customer.id}`,
    ]);
    env.emulator.clearRequestLog();
    await call(billing, '/subscription', undefined, { user: 'returning' });
    expect(searches()).toBe(0);
  });

  test('recovery: a stale search hit (the customer was moved to another user since) is re-read and refused', async () => {
    const customer = await subscribedAndIndexed('stale-hit@example.com', 'stale_user');
    // Support moves the customer to another user; search still has the old metadata for 2 s.
    await env.stripe.customers.update(customer.id, { metadata: { plankit_user_id: 'new_owner' } });
    const hits = await env.stripe.customers.search({ query: "metadata['plankit_user_id']:'stale_user'" });
    expect(hits.data.map((hit) => hit.metadata.plankit_user_id)).toEqual(['stale_user']);
    const billing = makeBilling(env.emulator);
    const state = await call(billing, '/subscription', undefined, { user: 'stale_user' });
    expect(state.json).toEqual({ subscriptions: [] });
  });
});

describe('recovery edge cases', () => {
  test('a user without an email is looked up by search alone (no list by an empty email)', async () => {
    const billing = makeBilling(env.emulator, { identify: async () => ({ userId: 'no_email', email: '' }) });
    const state = await call(billing, '/subscription', undefined, { user: 'no_email' });
    expect([state.status, state.json]).toEqual([200, { subscriptions: [] }]);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/customers/search']);
  });

  test('two customers linked to the user with the same email: the oldest is used', async () => {
    const older = await env.stripe.customers.create({
      email: 'twice@example.com',
      metadata: { plankit_user_id: 'twice' },
    });
    env.emulator.advanceClock(60);
    await env.stripe.customers.create({ email: 'twice@example.com', metadata: { plankit_user_id: 'twice' } });
    const store = createMemoryStore();
    await call(makeBilling(env.emulator, { store }), '/subscription', undefined, { user: 'twice' });
    expect(await store.get('plankit:customer:twice')).toBe(older.id);
  });

  test('two customers search finds for the user (both emails changed since): the oldest is used', async () => {
    const older = await env.stripe.customers.create({
      email: 'first-address@example.com',
      metadata: { plankit_user_id: 'moved_twice' },
    });
    env.emulator.advanceClock(60);
    await env.stripe.customers.create({
      email: 'second-address@example.com',
      metadata: { plankit_user_id: 'moved_twice' },
    });
    env.emulator.advanceClock(3); // past the search lag
    const store = createMemoryStore();
    await call(makeBilling(env.emulator, { store }), '/subscription', undefined, { user: 'moved_twice' });
    expect(await store.get('plankit:customer:moved_twice')).toBe(older.id);
  });

  test('two linked same-email customers created in the same second: the lower id is used, whatever the list order', async () => {
    // Ids are random: find a same-second pair the list names lower id first, and one it names higher id first.
    const orders = new Set<string>();
    for (let attempt = 0; attempt < 40 && orders.size < 2; attempt += 1) {
      const user = `same_second_${attempt}`;
      const pair = [];
      for (let index = 0; index < 2; index += 1) {
        pair.push(
          await env.stripe.customers.create({
            email: `${user}@example.com`,
            metadata: { plankit_user_id: user },
          }),
        );
      }
      // Two creations can straddle a second boundary: only a same-second pair is this case.
      if (pair[0]!.created !== pair[1]!.created) continue;
      const listed = (await env.stripe.customers.list({ email: `${user}@example.com` })).data;
      const order = listed[0]!.id < listed[1]!.id ? 'lower first' : 'higher first';
      if (orders.has(order)) continue;
      orders.add(order);
      const store = createMemoryStore();
      await call(makeBilling(env.emulator, { store }), '/subscription', undefined, { user });
      expect(await store.get(`plankit:customer:${user}`), order).toBe(
        [listed[0]!.id, listed[1]!.id].sort()[0],
      );
    }
    expect([...orders].sort()).toEqual(['higher first', 'lower first']);
  });

  test('over the search quota: the list answers, "no customer" is not remembered, and search rests a second', async () => {
    const store = createMemoryStore();
    const billing = makeBilling(env.emulator, {
      store,
      // No SDK retries, so the quota answer reaches Plankit.
      stripe: stripeFor(env.emulator, { maxNetworkRetries: 0 }),
    });
    env.emulator.failNext({ fault: 'rate_limit', match: { path: '/v1/customers/search' } });
    const first = await call(billing, '/subscription', undefined, { user: 'busy' });
    expect([first.status, first.json]).toEqual([200, { subscriptions: [] }]);
    expect(await store.get('plankit:customer:busy')).toBeNull();
    // Within the pause the list alone answers, and the answer is still not certain enough to remember.
    env.emulator.clearRequestLog();
    const second = await call(billing, '/subscription', undefined, { user: 'busy' });
    expect([second.status, second.json]).toEqual([200, { subscriptions: [] }]);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/customers']);
    expect(await store.get('plankit:customer:busy')).toBeNull();
  });

  test('the search pause ends exactly a second after the 429: its last millisecond lists only, its end searches', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = new Date('2026-12-02T10:00:00.000Z').getTime();
      vi.setSystemTime(start);
      const billing = makeBilling(env.emulator, {
        stripe: stripeFor(env.emulator, { maxNetworkRetries: 0 }),
      });
      env.emulator.failNext({ fault: 'rate_limit', match: { path: '/v1/customers/search' } });
      expect((await call(billing, '/subscription', undefined, { user: 'rested' })).status).toBe(200);
      vi.setSystemTime(start + 999);
      env.emulator.clearRequestLog();
      expect((await call(billing, '/subscription', undefined, { user: 'rested' })).status).toBe(200);
      expect(searches()).toBe(0);
      vi.setSystemTime(start + 1000);
      env.emulator.clearRequestLog();
      expect((await call(billing, '/subscription', undefined, { user: 'rested' })).status).toBe(200);
      expect(searches()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("customerLookup: 'no-search' (accounts without Stripe search)", () => {
  test('checkout, page views and the portal work end to end without one search call', async () => {
    env.emulator.configureSearch({ unavailable: true });
    try {
      const billing = makeBilling(env.emulator, { customerLookup: 'no-search' });
      expect((await call(billing, '/subscription')).json).toEqual({ subscriptions: [] });
      const checkout = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
      expect(checkout.status).toBe(200);
      const customer = (await customerOf(env.stripe, 'user_1'))!;
      await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
      const state = await call(billing, '/subscription');
      expect(state.json.subscriptions).toHaveLength(1);
      const portal = await call(billing, '/portal', { flow: 'homepage', returnTo: '/account' });
      expect(portal.status).toBe(200);
      // A new instance with an empty store recovers the link through the list by email.
      const fresh = makeBilling(env.emulator, { customerLookup: 'no-search' });
      expect((await call(fresh, '/subscription')).json.subscriptions).toHaveLength(1);
      expect(searches()).toBe(0);
      expect(env.emulator.requestLog().every((entry) => entry.status < 400)).toBe(true);
    } finally {
      env.emulator.configureSearch({ unavailable: false });
    }
  });

  test("with the default lookup, Stripe's 'search unavailable' answer switches to the list and is logged once", async () => {
    env.emulator.configureSearch({ unavailable: true });
    try {
      const billing = makeBilling(env.emulator);
      expect((await call(billing, '/subscription', undefined, { user: 'india_1' })).status).toBe(200);
      expect(
        (await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'india_2' }))
          .status,
      ).toBe(200);
      expect(searches()).toBe(1);
      expect(billing.log.filter((line) => line.includes("customerLookup: 'no-search'"))).toHaveLength(1);
    } finally {
      env.emulator.configureSearch({ unavailable: false });
    }
  });

  test('createPlankit refuses an unknown lookup on first use', async () => {
    const billing = makeBilling(env.emulator, { customerLookup: 'guess' as 'search' });
    expect(() => billing.stripe).toThrow(/customerLookup/);
    await expect(call(billing, '/subscription')).rejects.toThrow(/customerLookup/);
  });
});

describe('claiming a same-email customer (seed 000, issue 15.4 and 15.5)', () => {
  /** Every user the `x-test-user` header names has this one email. */
  const identifyWithEmail =
    (email: string) =>
    (request: Request): Identity | null => {
      const userId = request.headers.get('x-test-user');
      return userId ? { userId, email } : null;
    };
  const sharedEmail = identifyWithEmail('shared@example.com');

  test('GET /subscription claims nothing: zero Stripe writes, the legacy customer stays unclaimed', async () => {
    const legacy = await env.stripe.customers.create({ email: 'legacy-get@example.com' });
    await subscribeDirectly(env.stripe, legacy.id, ['pro_monthly']);
    const billing = makeBilling(env.emulator);
    env.emulator.clearRequestLog();
    const state = await call(billing, '/subscription', undefined, { user: 'legacy-get' });
    expect(state.status).toBe(200);
    expect(stripeWrites()).toEqual([]);
    const after = (await env.stripe.customers.retrieve(legacy.id)) as Stripe.Customer;
    expect(after.metadata.plankit_user_id).toBeUndefined();
    // The claim happens on the mutation, and the one-subscription rule then sees the legacy subscription.
    const checkout = await call(
      billing,
      '/checkout',
      { plan: 'pro', interval: 'month' },
      { user: 'legacy-get' },
    );
    expect(checkout.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    const claimed = (await env.stripe.customers.retrieve(legacy.id)) as Stripe.Customer;
    expect(claimed.metadata.plankit_user_id).toBe('legacy-get');
  });

  test('two users with one email racing: exactly one claims the customer, the other gets its own', async () => {
    const legacy = await env.stripe.customers.create({ email: 'shared@example.com' });
    const billing = makeBilling(env.emulator, { identify: sharedEmail });
    const [a, b] = await Promise.all([
      call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'twin_a' }),
      call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'twin_b' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const sessions = await Promise.all(
      [a, b].map((reply) => env.stripe.checkout.sessions.retrieve(reply.json.sessionId)),
    );
    const owners = sessions.map((session) => session.customer);
    expect(new Set(owners).size).toBe(2);
    const claimed = (await env.stripe.customers.retrieve(legacy.id)) as Stripe.Customer;
    const winner = claimed.metadata.plankit_user_id;
    expect(['twin_a', 'twin_b']).toContain(winner);
    expect(owners[winner === 'twin_a' ? 0 : 1]).toBe(legacy.id);
    const loserCustomer = (await env.stripe.customers.retrieve(
      owners[winner === 'twin_a' ? 1 : 0] as string,
    )) as Stripe.Customer;
    expect(loserCustomer.metadata.plankit_user_id).toBe(winner === 'twin_a' ? 'twin_b' : 'twin_a');
    // The idempotency key names the customer only.
    const claims = env.emulator
      .requestLog()
      .filter((entry) => entry.method === 'POST' && entry.path === `/v1/customers/${legacy.id}`);
    expect(new Set(claims.map((entry) => entry.idempotencyKey)).size).toBe(1);
    expect(claims[0]?.idempotencyKey).toMatch(/^plankit-claim-[\w-]{40}$/);
  });

  test('of two unclaimed same-email customers created a few seconds apart, the newest is claimed', async () => {
    const older = await env.stripe.customers.create({ email: 'two-legacy@example.com' });
    env.emulator.advanceClock(5);
    const newer = await env.stripe.customers.create({ email: 'two-legacy@example.com' });
    const billing = makeBilling(env.emulator);
    const checkout = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'two-legacy' },
    );
    const session = await env.stripe.checkout.sessions.retrieve(checkout.json.sessionId);
    expect(session.customer).toBe(newer.id);
    const untouched = (await env.stripe.customers.retrieve(older.id)) as Stripe.Customer;
    expect(untouched.metadata.plankit_user_id).toBeUndefined();
  });

  test('a same-email customer Plankit created for another user is never claimed: the user gets their own', async () => {
    const billing = makeBilling(env.emulator, { identify: identifyWithEmail('household@example.com') });
    const first = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'parent' },
    );
    const parents = (await env.stripe.checkout.sessions.retrieve(first.json.sessionId)).customer as string;
    const second = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'child' },
    );
    const childs = (await env.stripe.checkout.sessions.retrieve(second.json.sessionId)).customer as string;
    expect(childs).not.toBe(parents);
    const kept = (await env.stripe.customers.retrieve(parents)) as Stripe.Customer;
    expect(kept.metadata.plankit_user_id).toBe('parent');
  });

  test('a customer another user has claimed is not offered to the next one', async () => {
    const legacy = await env.stripe.customers.create({ email: 'shared@example.com' });
    const billing = makeBilling(env.emulator, { identify: sharedEmail });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'first' });
    const second = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'second' },
    );
    const session = await env.stripe.checkout.sessions.retrieve(second.json.sessionId);
    expect(session.customer).not.toBe(legacy.id);
    const claimed = (await env.stripe.customers.retrieve(legacy.id)) as Stripe.Customer;
    expect(claimed.metadata.plankit_user_id).toBe('first');
  });
});

describe("the app's mapping is authoritative (issue 15.6)", () => {
  test('a corrected mapping wins over the link the store already holds', async () => {
    const store = createMemoryStore();
    const { mapping, rows } = mapMapping();
    const billing = makeBilling(env.emulator, { store, customers: mapping });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    const original = rows.get('user_1')!;
    const corrected = await env.stripe.customers.create({ email: 'user_1@example.com' });
    await subscribeDirectly(env.stripe, corrected.id, ['pro_monthly']);
    rows.set('user_1', corrected.id);
    env.emulator.clearRequestLog();
    const state = await call(billing, '/subscription');
    expect(state.json.subscriptions).toHaveLength(1);
    expect(env.emulator.requestLog()[0]).toMatchObject({
      path: '/v1/subscriptions',
      params: { customer: corrected.id },
    });
    expect(original).not.toBe(corrected.id);
  });

  test('a mapping that lost a link the store holds is told it again', async () => {
    const store = createMemoryStore();
    const first = mapMapping();
    await call(makeBilling(env.emulator, { store, customers: first.mapping }), '/checkout', {
      plan: 'starter',
      interval: 'month',
    });
    const customer = first.rows.get('user_1')!;
    const empty = mapMapping();
    const billing = makeBilling(env.emulator, { store, customers: empty.mapping });
    env.emulator.clearRequestLog();
    await call(billing, '/subscription');
    expect(empty.saved).toEqual([['user_1', customer]]);
    expect(searches()).toBe(0);
  });

  test('without a mapping: customer.updated moving the metadata, and customer.deleted, drop the stored link', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret: webhookSecret } });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'moved' });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'removed' });
    const moved = (await customerOf(env.stripe, 'moved'))!;
    const removed = (await customerOf(env.stripe, 'removed'))!;
    await subscribeDirectly(env.stripe, moved, ['pro_monthly']);
    expect(
      (await call(billing, '/subscription', undefined, { user: 'moved' })).json.subscriptions,
    ).toHaveLength(1);
    // Support moves the customer to another user of the app, and deletes the other one.
    await env.stripe.customers.update(moved, { metadata: { plankit_user_id: 'someone_else' } });
    await env.stripe.customers.del(removed);
    await deliverEvents(billing, ['customer.updated', 'customer.deleted']);
    env.emulator.clearRequestLog();
    const state = await call(billing, '/subscription', undefined, { user: 'moved' });
    expect(state.json.subscriptions).toEqual([]);
    const gone = await call(billing, '/subscription', undefined, { user: 'removed' });
    expect(gone.json.subscriptions).toEqual([]);
    // Neither former customer is asked about any more.
    const named = env.emulator
      .requestLog()
      .filter((entry) => [moved, removed].includes(entry.params.customer as string));
    expect(named).toEqual([]);
  });
});

describe('a deleted customer behind an app mapping (issue 14e)', () => {
  test('checkout replaces it and tells the mapping, instead of failing for good', async () => {
    const { mapping, rows, saved } = mapMapping();
    const billing = makeBilling(env.emulator, { customers: mapping });
    const first = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    const deleted = rows.get('user_1')!;
    await env.stripe.checkout.sessions.expire(first.json.sessionId);
    await env.stripe.customers.del(deleted);
    const again = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect(again.status).toBe(200);
    const session = await env.stripe.checkout.sessions.retrieve(again.json.sessionId);
    expect(session.customer).not.toBe(deleted);
    expect(rows.get('user_1')).toBe(session.customer);
    expect(saved.at(-1)).toEqual(['user_1', session.customer]);
    // And it stays fixed: the next checkout reuses the replacement.
    const third = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect((await env.stripe.checkout.sessions.retrieve(third.json.sessionId)).customer).toBe(
      session.customer,
    );
  });
});
