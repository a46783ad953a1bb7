import { describe, expect, test } from 'vitest';
import { call, makeBilling, payCheckout, useEmulator } from './harness';
import { statusMakers } from './reach-status';

// Rules about money that a one-line change in the server could break without another test noticing
// (each was a surviving hand-made mutation): who may start a Checkout, who gets a trial.

const env = useEmulator();
const day = 86_400;

/** A signed-in user's customer, created the way the server creates it: through a first Checkout. */
async function customerThroughCheckout(billing: ReturnType<typeof makeBilling>, user: string) {
  const started = await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  expect(started.json.type).toBe('checkout');
  const session = await env.stripe.checkout.sessions.retrieve(started.json.sessionId);
  await env.stripe.checkout.sessions.expire(session.id);
  return session.customer as string;
}

const reachStatus = statusMakers(env);

describe('one subscription per customer (seed 000): who may start a Checkout', () => {
  // Seed 000's four statuses, plus trialing (subscribed) and incomplete (first payment in progress).
  test.each(['active', 'past_due', 'unpaid', 'paused', 'trialing', 'incomplete'] as const)(
    'a customer whose subscription is %s is sent to manage it, never to a second Checkout',
    async (status) => {
      const billing = makeBilling(env.emulator);
      const user = `holder_${status}`;
      const customer = await customerThroughCheckout(billing, user);
      await reachStatus[status](customer);
      const reply = await call(
        billing,
        '/checkout',
        { plan: 'team', interval: 'month', quantity: 3 },
        { user },
      );
      expect(reply.status).toBe(200);
      expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
      const open = (await env.stripe.checkout.sessions.list({ customer })).data.filter(
        (session) => session.status === 'open',
      );
      expect(open).toEqual([]);
    },
  );

  test.each(['canceled', 'incomplete_expired'] as const)(
    'a customer whose only subscription is %s gets a new Checkout',
    async (status) => {
      const billing = makeBilling(env.emulator);
      const user = `former_${status}`;
      const customer = await customerThroughCheckout(billing, user);
      await reachStatus[status](customer);
      const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user });
      expect(reply.status).toBe(200);
      expect(reply.json.type).toBe('checkout');
      const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
      expect(session.customer).toBe(customer);
    },
  );
});

describe('free trials: one per customer', () => {
  /** Pays the user's next Checkout on the hosted page and returns the subscription it made. */
  async function subscribeThroughCheckout(billing: ReturnType<typeof makeBilling>, user: string) {
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user });
    expect(reply.json.type).toBe('checkout');
    expect(await payCheckout(reply.json.url)).toBe(303);
    const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
    return env.stripe.subscriptions.retrieve(session.subscription as string);
  }

  test('a first subscription gets the plan trial; resubscribing after a cancellation does not', async () => {
    const billing = makeBilling(env.emulator);
    const first = await subscribeThroughCheckout(billing, 'returning');
    expect(first.status).toBe('trialing');
    expect(first.trial_end! - first.trial_start!).toBe(14 * day);
    await env.stripe.subscriptions.cancel(first.id);
    const second = await subscribeThroughCheckout(billing, 'returning');
    expect(second.customer).toBe(first.customer);
    expect(second.status).toBe('active');
    expect(second.trial_end).toBeNull();
  });

  test('a first payment that never went through (incomplete_expired) still leaves the trial to take', async () => {
    const billing = makeBilling(env.emulator);
    const customer = await customerThroughCheckout(billing, 'retrying');
    await reachStatus.incomplete_expired(customer);
    const subscription = await subscribeThroughCheckout(billing, 'retrying');
    expect(subscription.customer).toBe(customer);
    expect(subscription.status).toBe('trialing');
  });
});
