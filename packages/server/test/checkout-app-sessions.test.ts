import { describe, expect, test } from 'vitest';
import {
  call,
  customerOf,
  makeBilling,
  payCheckout,
  stripeCalls,
  subscribeDirectly,
  useEmulator,
} from './harness';

// An app may sell one-time things through its own Checkout sessions (`mode: 'payment'`) beside Plankit's
// subscription Checkout. The one-subscription rule is about subscription sessions only: Plankit never expires the
// app's payment sessions, whether it opens a Checkout or sends a subscribed customer to the portal, and a paid one
// (complete, with no subscription) does not stop the customer from subscribing.
const env = useEmulator();

/** The app's own open one-time payment session for the user's customer. */
async function openShopSession(customer: string) {
  const product = await env.stripe.products.create({ name: 'Sticker pack' });
  const price = await env.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 500 });
  return env.stripe.checkout.sessions.create({
    mode: 'payment',
    customer,
    line_items: [{ price: price.id }],
    success_url: 'http://localhost:5173/shop/done',
  });
}

const sessionStatus = async (id: string) => (await env.stripe.checkout.sessions.retrieve(id)).status;

describe("the app's own payment-mode Checkout sessions", () => {
  test('a new subscription Checkout replaces the earlier subscription session only', async () => {
    const billing = makeBilling(env.emulator);
    const earlier = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'shopper' },
    );
    const customer = (await customerOf(env.stripe, 'shopper'))!;
    const shop = await openShopSession(customer);
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'year' }, { user: 'shopper' });
    expect(reply.json.type).toBe('checkout');
    expect(await sessionStatus(earlier.json.sessionId)).toBe('expired');
    expect(await sessionStatus(shop.id)).toBe('open');
    expect(await sessionStatus(reply.json.sessionId)).toBe('open');
  });

  test('an open subscription session behind ten newer payment sessions is still expired before a new Checkout', async () => {
    const billing = makeBilling(env.emulator);
    const earlier = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'big-shopper' },
    );
    const customer = (await customerOf(env.stripe, 'big-shopper'))!;
    const neighbour = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'neighbour' },
    );
    // Stripe lists a customer's newest sessions first, of every mode: ten shop sessions fill the first page.
    for (let i = 0; i < 10; i += 1) await openShopSession(customer);
    env.emulator.clearRequestLog();
    const reply = await call(
      billing,
      '/checkout',
      { plan: 'pro', interval: 'year' },
      { user: 'big-shopper' },
    );
    // The open sessions (and then the subscriptions again) are asked for only because the first page was full.
    expect(
      stripeCalls(env.emulator)
        .map((entry) => entry.replace(/cs_test_\w+/, 'cs'))
        .sort(),
    ).toEqual([
      'GET /v1/checkout/sessions',
      'GET /v1/checkout/sessions',
      'GET /v1/subscriptions',
      'GET /v1/subscriptions',
      'POST /v1/checkout/sessions',
      'POST /v1/checkout/sessions/cs/expire',
    ]);
    const gets = (path: string) =>
      env.emulator.requestLog().filter((entry) => entry.method === 'GET' && entry.path === path);
    const lists = gets('/v1/checkout/sessions');
    expect(lists.map((entry) => entry.params.status ?? 'any')).toEqual(['any', 'open']);
    // Both subscription lists are this customer's, all statuses: a list of the account's would count another
    // customer's subscription as theirs.
    const subscriptionLists = gets('/v1/subscriptions');
    expect(subscriptionLists.map((entry) => [entry.params.customer, entry.params.status])).toEqual([
      [customer, 'all'],
      [customer, 'all'],
    ]);
    expect(reply.json.type).toBe('checkout');
    expect(await sessionStatus(earlier.json.sessionId)).toBe('expired');
    expect(await sessionStatus(reply.json.sessionId)).toBe('open');
    // Only this customer's open sessions are asked for: another customer's stays open.
    expect(await sessionStatus(neighbour.json.sessionId)).toBe('open');
  });

  /**
   * A customer with a full first page of sessions and an open Plankit session `earlier`; their second checkout's
   * list of open sessions is held while `earlier` is paid, before (`'open list'`) or after the first page was read.
   */
  async function paidDuringTheOpenList(user: string, earlierIsNewest: boolean) {
    const billing = makeBilling(env.emulator);
    const first = await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
    const customer = (await customerOf(env.stripe, user))!;
    for (let i = 0; i < 10; i += 1) await openShopSession(customer);
    // The first page holds `earlier` only when it is the newest: then it is a fresh session after the shop's.
    const earlier = earlierIsNewest
      ? await call(billing, '/checkout', { plan: 'starter', interval: 'year' }, { user })
      : first;
    // Only the list of open sessions is held; the first page, listed before it, passes.
    const openList = env.emulator.holdNext({
      method: 'GET',
      path: '/v1/checkout/sessions',
      query: { status: 'open' },
    });
    const reply = call(billing, '/checkout', { plan: 'pro', interval: 'year' }, { user });
    await openList.reached;
    expect(await payCheckout(earlier.json.url)).toBe(303);
    openList.release();
    return { reply: await reply, customer };
  }

  test('a session on a full first page paid while the open ones are listed: the portal, not a second Checkout', async () => {
    const { reply, customer } = await paidDuringTheOpenList('paid-on-page', true);
    expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    const sessions = await env.stripe.checkout.sessions.list({ customer, status: 'open', limit: 100 });
    expect(sessions.data.filter((session) => session.mode === 'subscription')).toEqual([]);
  });

  test('a session beyond the first page paid before the open ones are listed: the portal, not a second Checkout', async () => {
    const { reply, customer } = await paidDuringTheOpenList('paid-beyond-page', false);
    expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    const sessions = await env.stripe.checkout.sessions.list({ customer, status: 'open', limit: 100 });
    expect(sessions.data.filter((session) => session.mode === 'subscription')).toEqual([]);
  });

  test('a customer who paid for a one-time purchase can still subscribe (a paid session without a subscription)', async () => {
    const billing = makeBilling(env.emulator);
    const first = await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'buyer' });
    const customer = (await customerOf(env.stripe, 'buyer'))!;
    const shop = await openShopSession(customer);
    expect(await payCheckout(shop.url!)).toBe(303);
    expect(await env.stripe.checkout.sessions.retrieve(shop.id)).toMatchObject({
      status: 'complete',
      subscription: null,
    });
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'year' }, { user: 'buyer' });
    expect([reply.status, reply.json.type]).toEqual([200, 'checkout']);
    expect(reply.json.sessionId).not.toBe(first.json.sessionId);
    const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
    expect([session.mode, session.status, session.customer]).toEqual(['subscription', 'open', customer]);
  });

  test('a subscribed customer is sent to the portal, and their open payment session stays open', async () => {
    const billing = makeBilling(env.emulator);
    const started = await call(
      billing,
      '/checkout',
      { plan: 'starter', interval: 'month' },
      { user: 'subscribed-shopper' },
    );
    const customer = (await customerOf(env.stripe, 'subscribed-shopper'))!;
    const shop = await openShopSession(customer);
    await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    const reply = await call(
      billing,
      '/checkout',
      { plan: 'pro', interval: 'year' },
      { user: 'subscribed-shopper' },
    );
    expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    expect(await sessionStatus(started.json.sessionId)).toBe('expired');
    expect(await sessionStatus(shop.id)).toBe('open');
  });
});
