import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { call, makeBilling, payCheckout, subscribeDirectly, useEmulator } from './harness';

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

async function priceId(lookupKey: string): Promise<string> {
  const prices = await env.stripe.prices.list({ lookup_keys: [lookupKey] });
  return prices.data[0]!.id;
}

async function incompleteSubscription(customer: string): Promise<Stripe.Subscription> {
  return env.stripe.subscriptions.create({
    customer,
    items: [{ price: await priceId('pro_monthly') }],
    default_payment_method: 'pm_card_chargeCustomerFail',
    payment_behavior: 'default_incomplete',
  });
}

/** From now on the subscription's charges fail (Stripe's 4000 0000 0000 0341 card: attaches, then declines). */
async function switchToFailingCard(customer: string, subscription: string) {
  const card = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
  await env.stripe.subscriptions.update(subscription, { default_payment_method: card.id });
}

/** Moves the emulator's clock a day at a time until the subscription reaches the status (bounded). */
async function advanceUntil(subscription: string, status: Stripe.Subscription.Status, maxDays: number) {
  for (let elapsed = 0; elapsed <= maxDays; elapsed += 1) {
    const current = await env.stripe.subscriptions.retrieve(subscription);
    if (current.status === status) return;
    env.emulator.advanceClock(day);
  }
  throw new Error(`${subscription} did not reach ${status} within ${maxDays} days`);
}

/** Puts a fresh customer's only subscription into the given status with Stripe's own mechanics. */
const reachStatus: Record<Stripe.Subscription.Status, (customer: string) => Promise<unknown>> = {
  active: (customer) => subscribeDirectly(env.stripe, customer, ['pro_monthly']),
  trialing: async (customer) =>
    env.stripe.subscriptions.create({
      customer,
      items: [{ price: await priceId('pro_monthly') }],
      trial_period_days: 7,
    }),
  incomplete: (customer) => incompleteSubscription(customer),
  past_due: async (customer) => {
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await switchToFailingCard(customer, subscription.id);
    await advanceUntil(subscription.id, 'past_due', 40);
  },
  unpaid: async (customer) => {
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await switchToFailingCard(customer, subscription.id);
    await advanceUntil(subscription.id, 'unpaid', 70);
  },
  paused: async (customer) => {
    const subscription = await env.stripe.subscriptions.create({
      customer,
      items: [{ price: await priceId('pro_monthly') }],
      trial_period_days: 3,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    await advanceUntil(subscription.id, 'paused', 5);
  },
  canceled: async (customer) => {
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await env.stripe.subscriptions.cancel(subscription.id);
  },
  incomplete_expired: async (customer) => {
    const subscription = await incompleteSubscription(customer);
    await advanceUntil(subscription.id, 'incomplete_expired', 3);
  },
};

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
