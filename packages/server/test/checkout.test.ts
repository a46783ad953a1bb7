import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';
import { call, customerOf, makeBilling, stripeCalls, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

describe('POST /checkout', () => {
  test('creates the customer and a Checkout session with the plan, trial and metadata', async () => {
    const billing = makeBilling(env.emulator);
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month', returnTo: '/billing' });
    expect(reply.status).toBe(200);
    expect(reply.json.type).toBe('checkout');
    expect(reply.json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId, {
      expand: ['line_items'],
    });
    expect(session.mode).toBe('subscription');
    expect(session.success_url).toBe(
      'https://app.example.com/billing?checkout=success&session_id={CHECKOUT_SESSION_ID}',
    );
    expect(session.cancel_url).toBe('https://app.example.com/billing?checkout=canceled');
    expect(session.metadata?.plankit_user_id).toBe('user_1');
    expect(session.line_items?.data.map((item) => item.price?.lookup_key)).toEqual(['pro_monthly']);
    const customer = await env.stripe.customers.retrieve(session.customer as string);
    expect(customer).toMatchObject({ email: 'user_1@example.com', metadata: { plankit_user_id: 'user_1' } });
  });

  test('uses at most 3 Stripe calls with a warm customer cache and catalog, and reuses the open session', async () => {
    const billing = makeBilling(env.emulator);
    await call(billing, '/plans');
    const first = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect(first.status).toBe(200);
    // Different request (seats), so the open session is replaced: expire + create.
    env.emulator.clearRequestLog();
    const again = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect(again.json.sessionId).toBe(first.json.sessionId);
    expect(stripeCalls(env.emulator)).toHaveLength(2);
    env.emulator.clearRequestLog();
    const other = await call(billing, '/checkout', { plan: 'pro', interval: 'year' });
    expect(other.json.sessionId).not.toBe(first.json.sessionId);
    const calls = stripeCalls(env.emulator);
    expect(
      calls.filter((c) => c.startsWith('POST /v1/checkout/sessions') && !c.endsWith('/expire')),
    ).toHaveLength(1);
    expect(calls.filter((c) => c.endsWith('/expire'))).toHaveLength(1);
    expect(calls.length).toBeLessThanOrEqual(4);
    const old = await env.stripe.checkout.sessions.retrieve(first.json.sessionId);
    expect(old.status).toBe('expired');
    // A fresh user with a warm customer cache: list subscriptions, list sessions, create = 3 calls.
    await env.stripe.checkout.sessions.expire(other.json.sessionId);
    env.emulator.clearRequestLog();
    const fresh = await call(billing, '/checkout', { plan: 'team', interval: 'month', quantity: 3 });
    expect(fresh.status).toBe(200);
    expect(stripeCalls(env.emulator).length).toBeLessThanOrEqual(3);
  });

  test('a customer created by this request is not looked at: email list, search, create, session = 4 calls', async () => {
    const billing = makeBilling(env.emulator);
    await call(billing, '/plans');
    env.emulator.clearRequestLog();
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'newcomer' });
    expect(reply.json.type).toBe('checkout');
    expect(stripeCalls(env.emulator)).toEqual([
      'GET /v1/customers',
      'GET /v1/customers/search',
      'POST /v1/customers',
      'POST /v1/checkout/sessions',
    ]);
  });

  test('a replayed customer creation (another instance created it first) looks before creating a session', async () => {
    const [first, second] = [makeBilling(env.emulator), makeBilling(env.emulator)];
    await Promise.all([call(first, '/plans'), call(second, '/plans')]);
    env.emulator.clearRequestLog();
    // The first instance's customer creation is held up; the second sends the same idempotency key (derived from
    // the user) meanwhile, which Stripe refuses with a 409 while the first runs; the SDK retries it and gets
    // Stripe's replay of the first instance's creation.
    const hold = env.emulator.holdNext({ method: 'POST', path: '/v1/customers' });
    const body = { plan: 'pro', interval: 'month' };
    const slow = call(first, '/checkout', body, { user: 'racer' });
    await hold.reached;
    const pending = call(second, '/checkout', body, { user: 'racer' });
    const refusedWhileRunning = () =>
      env.emulator
        .requestLog()
        .some((entry) => entry.method === 'POST' && entry.path === '/v1/customers' && entry.status === 409);
    await expect.poll(refusedWhileRunning, { timeout: 5_000 }).toBe(true);
    hold.release();
    const fast = await pending;
    const replayed = await slow;
    expect(fast.json.type).toBe('checkout');
    expect(replayed.json.type).toBe('checkout');
    const calls = stripeCalls(env.emulator);
    const creations = env.emulator
      .requestLog()
      .filter((entry) => entry.method === 'POST' && entry.path === '/v1/customers');
    expect(creations.filter((entry) => entry.status === 409).length).toBeGreaterThanOrEqual(1);
    expect(creations.filter((entry) => entry.status === 200)).toHaveLength(2);
    // Only the replayed creation looks; it finds the other instance's session and reuses it.
    expect(calls.filter((c) => c === 'GET /v1/subscriptions')).toHaveLength(1);
    expect(calls.filter((c) => c === 'GET /v1/checkout/sessions')).toHaveLength(1);
    expect(replayed.json.sessionId).toBe(fast.json.sessionId);
    const customers = (await env.stripe.customers.list({ email: 'racer@example.com' })).data;
    expect(customers).toHaveLength(1);
    const open = (await env.stripe.checkout.sessions.list({ customer: customers[0]!.id })).data.filter(
      (session) => session.status === 'open',
    );
    expect(open).toHaveLength(1);
  });

  test('sends a subscribed customer to the portal instead (seed 000), and expires their open sessions', async () => {
    const billing = makeBilling(env.emulator);
    const started = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    const customer = (await customerOf(env.stripe, 'user_1'))!;
    await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'year' });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    expect(reply.json.url).toMatch(/^http:\/\/127\.0\.0\.1/);
    const stale = await env.stripe.checkout.sessions.retrieve(started.json.sessionId);
    expect(stale.status).toBe('expired');
  });

  test('links an existing Stripe customer with the same email that nobody claimed', async () => {
    const existing = await env.stripe.customers.create({ email: 'legacy@example.com' });
    const billing = makeBilling(env.emulator);
    const reply = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'legacy' },
    );
    const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
    expect(session.customer).toBe(existing.id);
    const claimed = await env.stripe.customers.retrieve(existing.id);
    expect((claimed as { metadata: Record<string, string> }).metadata.plankit_user_id).toBe('legacy');
  });

  test('promotion codes: a known code becomes a discount, an unknown one is invalid_promotion_code', async () => {
    const billing = makeBilling(env.emulator, { promotionCodes: true });
    const ok = await call(billing, '/checkout', {
      plan: 'starter',
      interval: 'month',
      promotionCode: 'WELCOME10',
    });
    expect(ok.status).toBe(200);
    const session = await env.stripe.checkout.sessions.retrieve(ok.json.sessionId);
    expect(session.discounts?.[0]?.promotion_code).toBeTruthy();
    const bad = await call(billing, '/checkout', {
      plan: 'starter',
      interval: 'month',
      promotionCode: 'NOPE',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_promotion_code');
  });

  test('bundle checks happen before Stripe is called', async () => {
    const billing = makeBilling(env.emulator);
    await call(billing, '/plans');
    env.emulator.clearRequestLog();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ plan: 'enterprise', interval: 'month' }, 'unknown_plan'],
      [{ plan: 'starter', interval: 'month', addOns: ['analytics'] }, 'unknown_add_on'],
      [{ plan: 'pro', interval: 'month', addOns: ['nope'] }, 'unknown_add_on'],
      [{ plan: 'team', interval: 'month', quantity: 1 }, 'quantity_out_of_range'],
      [{ plan: 'team', interval: 'month', quantity: 51 }, 'quantity_out_of_range'],
      [{ plan: 'starter', interval: 'month', quantity: 2 }, 'quantity_out_of_range'],
    ];
    for (const [body, code] of cases) {
      const reply = await call(billing, '/checkout', body);
      expect(reply.status, code).toBe(400);
      expect(reply.json.error.code).toBe(code);
    }
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('a per-seat bundle with an add-on goes to Stripe as two items with the quantities', async () => {
    const billing = makeBilling(env.emulator);
    const reply = await call(billing, '/checkout', {
      plan: 'team',
      interval: 'year',
      quantity: 5,
      addOns: ['analytics'],
    });
    const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId, {
      expand: ['line_items'],
    });
    expect(session.line_items?.data.map((item) => [item.price?.lookup_key, item.quantity])).toEqual([
      ['team_yearly', 5],
      ['analytics_yearly', 1],
    ]);
  });
});

describe('customer cache', () => {
  test('a cached customer deleted in Stripe is replaced by a new one on the next checkout', async () => {
    const billing = makeBilling(env.emulator);
    const first = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    const firstSession = await env.stripe.checkout.sessions.retrieve(first.json.sessionId);
    await env.stripe.checkout.sessions.expire(firstSession.id);
    await env.stripe.customers.del(firstSession.customer as string);
    env.emulator.clearRequestLog();
    const second = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect(second.status).toBe(200);
    const secondSession = await env.stripe.checkout.sessions.retrieve(second.json.sessionId);
    expect(secondSession.customer).not.toBe(firstSession.customer);
  });

  test('when creating the replacement fails, the store no longer names the deleted customer', async () => {
    const store = createMemoryStore();
    const billing = makeBilling(env.emulator, { store });
    const first = await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'ghost' });
    const deleted = (await env.stripe.checkout.sessions.retrieve(first.json.sessionId)).customer as string;
    await env.stripe.checkout.sessions.expire(first.json.sessionId);
    await env.stripe.customers.del(deleted);
    expect(await store.get('plankit:customer:ghost')).toBe(deleted);
    // The creation of its replacement fails (the SDK's two retries too).
    env.emulator.failNext({ fault: 'api_error', count: 3, match: { method: 'POST', path: '/v1/customers' } });
    const failed = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'ghost' },
    );
    expect(failed.status).toBe(503);
    expect(await store.get('plankit:customer:ghost')).toBeNull();
  });
});
