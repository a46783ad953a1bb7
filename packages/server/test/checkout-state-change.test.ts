import { describe, expect, test } from 'vitest';
import { call, makeBilling, payCheckout, stripeCalls, stripeFor, useEmulator } from './harness';

// The customer's Stripe state may change between Plankit's look and its next call: it then looks again rather
// than acting on what it saw.

const env = useEmulator();

/** Whether the emulator has answered a GET of this path since the log was last cleared. */
const answered = (path: string) =>
  env.emulator
    .requestLog()
    .some((entry) => entry.method === 'GET' && entry.path === path && entry.status !== 0);

describe('checkout when the state changes under it', () => {
  test('a session paid while Plankit expires it sends the user to the portal, never to a second Checkout', async () => {
    const billing = makeBilling(env.emulator);
    const first = await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'payer' });
    const expirePath = `/v1/checkout/sessions/${first.json.sessionId}/expire`;
    // The other tab's request (another plan) expires the open session: hold that call while the first tab pays.
    const hold = env.emulator.holdNext({ method: 'POST', path: expirePath });
    env.emulator.clearRequestLog();
    const other = call(billing, '/checkout', { plan: 'pro', interval: 'year' }, { user: 'payer' });
    await hold.reached;
    expect(await payCheckout(first.json.url)).toBe(303);
    hold.release();
    const reply = await other;
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    // Stripe refused the late expiry (the session had completed), so Plankit looked a second time.
    const expiry = env.emulator.requestLog().find((entry) => entry.path === expirePath);
    expect(expiry?.status).toBe(400);
    expect(stripeCalls(env.emulator).filter((c) => c === 'GET /v1/subscriptions')).toHaveLength(2);
    expect(stripeCalls(env.emulator).filter((c) => c === 'POST /v1/checkout/sessions')).toEqual([]);
  });

  test('a session paid between the two lists Plankit reads sends the user to the portal, not to a second Checkout', async () => {
    const billing = makeBilling(env.emulator);
    const first = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'between' },
    );
    // Plankit lists subscriptions and sessions at once; hold the sessions list while the first tab pays.
    const hold = env.emulator.holdNext({ method: 'GET', path: '/v1/checkout/sessions' });
    env.emulator.clearRequestLog();
    const other = call(billing, '/checkout', { plan: 'pro', interval: 'year' }, { user: 'between' });
    // The subscriptions list has been answered (before the payment) and the sessions list is held.
    await hold.reached;
    await expect.poll(() => answered('/v1/subscriptions'), { timeout: 5_000 }).toBe(true);
    expect(await payCheckout(first.json.url)).toBe(303);
    hold.release();
    const reply = await other;
    // The subscriptions list was read before the payment, the sessions list after it: the paid session names a
    // subscription the list did not have, so Plankit looks again instead of opening a second Checkout.
    expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    expect(stripeCalls(env.emulator).filter((c) => c === 'POST /v1/checkout/sessions')).toEqual([]);
  });

  test("one user's checkout never looks at or expires another customer's sessions or subscriptions", async () => {
    const billing = makeBilling(env.emulator);
    const mine = await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'first' });
    const theirs = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'second' });
    const bystander = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'year' },
      { user: 'third' },
    );
    // `first` subscribes; `second` (a known customer now, so Plankit looks) is still free to check out.
    expect(await payCheckout(mine.json.url)).toBe(303);
    const again = await call(
      billing,
      '/checkout',
      { plan: 'team', interval: 'month', quantity: 2 },
      { user: 'second' },
    );
    expect(again.json.type).toBe('checkout');
    const status = async (reply: { json: { sessionId: string } }) =>
      (await env.stripe.checkout.sessions.retrieve(reply.json.sessionId)).status;
    expect(await status(theirs)).toBe('expired'); // their own earlier one, replaced
    expect(await status(again)).toBe('open');
    expect(await status(bystander)).toBe('open');
  });

  test('a state that keeps changing on every look: after three rounds 409 checkout_in_progress, and no new session', async () => {
    const billing = makeBilling(env.emulator);
    const first = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'restless' },
    );
    const expirePath = `/v1/checkout/sessions/${first.json.sessionId}/expire`;
    // Each round's expiry of the other plan's session is refused, as when another request completed it.
    env.emulator.failNext({
      fault: 'invalid_request',
      count: 3,
      match: { method: 'POST', path: expirePath },
    });
    env.emulator.clearRequestLog();
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'year' }, { user: 'restless' });
    expect([reply.status, reply.json.error?.code]).toEqual([409, 'checkout_in_progress']);
    const expiries = env.emulator.requestLog().filter((entry) => entry.path === expirePath);
    expect(expiries).toHaveLength(3);
    // Every round asks with Plankit's one key for this session (not the SDK's random one per request).
    expect(new Set(expiries.map((entry) => entry.idempotencyKey)).size).toBe(1);
    expect(expiries[0]?.idempotencyKey).toMatch(/^plankit-expire-[\w-]{40}$/);
    expect(stripeCalls(env.emulator).filter((c) => c === 'POST /v1/checkout/sessions')).toEqual([]);
    const session = await env.stripe.checkout.sessions.retrieve(first.json.sessionId);
    expect(session.status).toBe('open');
  });
});

describe('a second instance with the same look, so the same idempotency key', () => {
  /**
   * Instance `second` lists the customer's sessions, but its list of subscriptions is held. Meanwhile instance
   * `first` (no shared store, so no shared lease) looks at the same state and creates the session. `second` then
   * creates with the same key, and Stripe answers with the saved session, as it was when created. `between` runs
   * before `second` goes on.
   */
  async function replayedToSecond(
    user: string,
    between: (sessionId: string) => Promise<void>,
    secondPlan: { plan: string; interval: string } = { plan: 'pro', interval: 'month' },
  ) {
    const first = makeBilling(env.emulator);
    const second = makeBilling(env.emulator);
    // A known customer with an expired session: both instances look, and anchor their key on that session.
    const earlier = await call(first, '/checkout', { plan: 'starter', interval: 'month' }, { user });
    await env.stripe.checkout.sessions.expire(earlier.json.sessionId);
    const hold = env.emulator.holdNext({ method: 'GET', path: '/v1/subscriptions' });
    env.emulator.clearRequestLog();
    const held = call(second, '/checkout', secondPlan, { user });
    // Its sessions list has been answered (before `first` creates) and its subscriptions list is held.
    await hold.reached;
    await expect.poll(() => answered('/v1/checkout/sessions'), { timeout: 5_000 }).toBe(true);
    const created = await call(first, '/checkout', { plan: 'pro', interval: 'month' }, { user });
    expect(created.json.type).toBe('checkout');
    await between(created.json.sessionId);
    env.emulator.clearRequestLog();
    hold.release();
    const reply = await held;
    const creations = env.emulator.requestLog().filter((entry) => entry.path === '/v1/checkout/sessions');
    return { sessionId: created.json.sessionId as string, reply, creations };
  }

  test('still open: the second instance answers the same session after one re-read of it', async () => {
    const { sessionId, reply, creations } = await replayedToSecond('replayed-open', async () => {});
    expect(creations[0]?.status).toBe(200);
    expect(reply.json).toMatchObject({ type: 'checkout', sessionId });
    expect(stripeCalls(env.emulator)).toEqual([
      'POST /v1/checkout/sessions',
      `GET /v1/checkout/sessions/${sessionId}`,
    ]);
  });

  test('expired in the meantime: the second instance looks again and opens a fresh session, not the dead one', async () => {
    const { sessionId, reply, creations } = await replayedToSecond('replayed-expired', async (id) => {
      await env.stripe.checkout.sessions.expire(id);
    });
    expect(creations[0]?.status).toBe(200);
    expect(reply.json.type).toBe('checkout');
    expect(reply.json.sessionId).not.toBe(sessionId);
    const fresh = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
    expect(fresh.status).toBe('open');
  });

  test('the same key with another plan: Stripe refuses it as an idempotency conflict; the second instance looks again and replaces the session', async () => {
    const { sessionId, reply, creations } = await replayedToSecond('conflicting', async () => {}, {
      plan: 'starter',
      interval: 'month',
    });
    expect(creations[0]?.status).toBe(400);
    expect(reply.json.type).toBe('checkout');
    expect(reply.json.sessionId).not.toBe(sessionId);
    expect((await env.stripe.checkout.sessions.retrieve(sessionId)).status).toBe('expired');
    const replacement = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
    expect([replacement.status, replacement.metadata?.plankit_plan]).toEqual(['open', 'starter']);
  });
});

describe('an expiry Stripe fails for another reason', () => {
  test('a 500 is not taken for a changed state: the checkout fails with 503 and creates no session', async () => {
    const stripe = stripeFor(env.emulator, { maxNetworkRetries: 0 });
    const billing = makeBilling(env.emulator, { stripe });
    const first = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'outage' },
    );
    const expirePath = `/v1/checkout/sessions/${first.json.sessionId}/expire`;
    env.emulator.failNext({ fault: 'api_error', match: { method: 'POST', path: expirePath } });
    env.emulator.clearRequestLog();
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'year' }, { user: 'outage' });
    expect([reply.status, reply.json.error?.code]).toEqual([503, 'stripe_unavailable']);
    expect(stripeCalls(env.emulator).filter((c) => c === `POST ${expirePath}`)).toHaveLength(1);
    expect(stripeCalls(env.emulator).filter((c) => c === 'POST /v1/checkout/sessions')).toEqual([]);
  });
});
