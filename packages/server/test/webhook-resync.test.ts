import { describe, expect, test } from 'vitest';
import { call, makeBilling, postSignedEvent, useEmulator } from './harness';

// Which verified events make Plankit re-read a customer's billing state from Stripe (each re-sync costs Stripe
// calls, shared with every user of the account under Stripe's rate limit) and which leave it alone.

const env = useEmulator();
const secret = 'whsec_test_resync';

let eventCount = 0;

/** Delivers one signed event straight to the handler, and answers the Stripe requests it caused. */
async function deliver(
  billing: ReturnType<typeof makeBilling>,
  type: string,
  object: Record<string, unknown>,
  previousAttributes?: Record<string, unknown>,
) {
  eventCount += 1;
  const event = {
    id: `evt_resync_${eventCount}`,
    object: 'event',
    type,
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
  };
  env.emulator.clearRequestLog();
  const reply = await postSignedEvent(env.stripe, billing, secret, event);
  expect(reply.status).toBe(200);
  return env.emulator.requestLog().map((entry) => `${entry.method} ${entry.path}`);
}

/** Whether the Stripe requests re-read this customer's billing state. */
function resynced(requests: string[], customerId: string): boolean {
  return requests.some((request) => request.includes(customerId) || request.includes('subscriptions'));
}

describe('webhook re-sync of a customer billing snapshot', () => {
  test.each([
    ['invoice.paid', true],
    ['invoice.payment_failed', true],
    ['checkout.session.completed', true],
    ['checkout.session.async_payment_succeeded', true],
    ['checkout.session.async_payment_failed', true],
    ['payment_method.attached', true],
    ['subscription_schedule.updated', true],
    ['entitlements.active_entitlement_summary.updated', true],
    ['customer.subscription.updated', true],
    ['invoice.upcoming', false],
    ['invoice.will_be_due', false],
    ['checkout.session.expired', false],
    ['charge.succeeded', false],
    ['payment_intent.succeeded', false],
  ])('%s re-syncs: %s', async (type, expected) => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    const customer = await env.stripe.customers.create({ email: 'resync@example.com' });
    const requests = await deliver(billing, type, {
      id: 'obj_1',
      object: type.split('.')[0],
      customer: customer.id,
      status: 'active',
      cancel_at: null,
      cancel_at_period_end: false,
      metadata: {},
    });
    if (expected) expect(resynced(requests, customer.id)).toBe(true);
    else expect(requests).toEqual([]);
  });

  test('a customer event re-syncs the customer it is about', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    const customer = await env.stripe.customers.create({ email: 'resync@example.com' });
    const requests = await deliver(billing, 'customer.updated', {
      id: customer.id,
      object: 'customer',
      metadata: {},
    });
    expect(resynced(requests, customer.id)).toBe(true);
  });

  test.each([
    ['an id', (id: string) => id],
    ['an expanded customer', (id: string) => ({ id, object: 'customer' })],
  ])(
    'a detached payment method re-syncs its former customer, named in previous_attributes as %s',
    async (_, named) => {
      const billing = makeBilling(env.emulator, { webhook: { secret } });
      const customer = await env.stripe.customers.create({ email: 'resync@example.com' });
      const requests = await deliver(
        billing,
        'payment_method.detached',
        { id: 'pm_1', object: 'payment_method', customer: null, metadata: {} },
        { customer: named(customer.id) },
      );
      expect(resynced(requests, customer.id)).toBe(true);
    },
  );

  test('a detached payment method without a former customer re-syncs nobody', async () => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    const requests = await deliver(billing, 'payment_method.detached', {
      id: 'pm_1',
      object: 'payment_method',
      customer: null,
      metadata: {},
    });
    expect(requests).toEqual([]);
  });

  test.each(['product.updated', 'price.updated'])('%s reloads the cached catalog', async (type) => {
    const billing = makeBilling(env.emulator, { webhook: { secret } });
    await call(billing, '/plans');
    env.emulator.clearRequestLog();
    await call(billing, '/plans');
    expect(env.emulator.requestLog()).toEqual([]);
    await deliver(billing, type, { id: 'obj_1', object: type.split('.')[0], metadata: {} });
    env.emulator.clearRequestLog();
    await call(billing, '/plans');
    expect(env.emulator.requestLog().length).toBeGreaterThan(0);
  });
});
