import { retentionCouponId } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import type { PlankitContext } from '../src/context';
import { retentionOfferable } from '../src/subscriptions/retention-eligibility';
import { retentionMetadataKey } from '../src/subscriptions/retention-metadata';
import { plans, stripeCalls, subscribeDirectly, useEmulator } from './harness';

// Plankit's own reads expand the subscription's customer; a subscription read without it (an app's own read, a
// webhook payload) makes `retentionOfferable` read the customer's retention mark from Stripe, in one call.

const env = useEmulator();

/** The parts of Plankit's context the eligibility rule reads: the Stripe client and the retention options. */
function retentionContext(): PlankitContext {
  return {
    stripe: env.stripe,
    plans,
    options: { retention: { couponId: retentionCouponId } },
  } as unknown as PlankitContext;
}

async function unexpandedSubscription(customerMetadata: Record<string, string> = {}) {
  const customer = await env.stripe.customers.create({ email: 'r@example.com', metadata: customerMetadata });
  const created = await subscribeDirectly(env.stripe, customer.id, ['pro_monthly']);
  const subscription = await env.stripe.subscriptions.retrieve(created.id);
  expect(typeof subscription.customer).toBe('string');
  return { customer: customer.id, subscription };
}

describe('retentionOfferable on a subscription without its customer expanded', () => {
  test('offers the coupon to a customer never offered it, after one customer read', async () => {
    const { customer, subscription } = await unexpandedSubscription();
    env.emulator.clearRequestLog();
    expect(await retentionOfferable(retentionContext(), subscription, customer)).toBe(true);
    expect(stripeCalls(env.emulator)).toEqual([`GET /v1/customers/${customer}`]);
  });

  test('does not offer it again to a customer who was offered it on another subscription', async () => {
    const { customer, subscription } = await unexpandedSubscription({ [retentionMetadataKey]: 'offered' });
    expect(await retentionOfferable(retentionContext(), subscription, customer)).toBe(false);
  });

  test('does not offer it to a customer deleted since the subscription was read', async () => {
    const { customer, subscription } = await unexpandedSubscription();
    await env.stripe.customers.del(customer);
    expect(await retentionOfferable(retentionContext(), subscription, customer)).toBe(false);
  });
});
