import type { Emulator } from '@plankit/stripe-emulator';
import { describe, expect, test } from 'vitest';
import { call, makeBilling, payCheckout, useEmulator } from './harness';

const env = useEmulator();

function customersOf(emulator: Emulator, userId: string) {
  return Object.values(emulator.state.customers).filter(
    (customer) => customer.metadata?.plankit_user_id === userId,
  );
}

function openSessions(emulator: Emulator, customer: string) {
  return Object.values(emulator.state.checkoutSessions).filter(
    (session) => session.customer === customer && session.status === 'open',
  );
}

function liveSubscriptions(emulator: Emulator, customer: string) {
  return Object.values(emulator.state.subscriptions).filter(
    (subscription) =>
      subscription.customer === customer &&
      subscription.status !== 'canceled' &&
      subscription.status !== 'incomplete_expired',
  );
}

describe('one subscription under concurrency: two instances sharing only Stripe', () => {
  test('20 concurrent identical checkouts leave one open session and, all paid, one subscription', async () => {
    const instances = [makeBilling(env.emulator), makeBilling(env.emulator)];
    const body = { plan: 'pro', interval: 'month' };
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(instances[index % 2]!, '/checkout', body, { user: 'racer' }),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    const customers = customersOf(env.emulator, 'racer');
    expect(customers).toHaveLength(1);
    const customer = customers[0]!.id;
    expect(openSessions(env.emulator, customer).length).toBeLessThanOrEqual(1);
    const urls = [...new Set(replies.map((reply) => reply.json.url as string))];
    expect(urls).toHaveLength(1);
    const statuses = [];
    for (const url of urls) statuses.push(await payCheckout(url), await payCheckout(url));
    expect(statuses.filter((status) => status === 302 || status === 303)).toHaveLength(1);
    expect(liveSubscriptions(env.emulator, customer)).toHaveLength(1);
    // And afterwards both instances send the user to the portal.
    for (const billing of instances) {
      const after = await call(billing, '/checkout', body, { user: 'racer' });
      expect(after.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    }
  });

  test('20 concurrent checkouts for different plans: at most one open session, at most one subscription', async () => {
    const instances = [makeBilling(env.emulator), makeBilling(env.emulator)];
    const bodies = [
      { plan: 'pro', interval: 'month' },
      { plan: 'starter', interval: 'year' },
      { plan: 'team', interval: 'month', quantity: 4 },
    ];
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        call(instances[index % 2]!, '/checkout', bodies[index % 3], { user: 'indecisive' }),
      ),
    );
    for (const reply of replies) {
      expect([200, 409]).toContain(reply.status);
      if (reply.status === 409) expect(reply.json.error.code).toBe('checkout_in_progress');
    }
    const customer = customersOf(env.emulator, 'indecisive')[0]!.id;
    expect(openSessions(env.emulator, customer).length).toBeLessThanOrEqual(1);
    const urls = [
      ...new Set(replies.filter((reply) => reply.status === 200).map((reply) => reply.json.url as string)),
    ];
    for (const url of urls) await payCheckout(url);
    expect(liveSubscriptions(env.emulator, customer)).toHaveLength(1);
  });
});
