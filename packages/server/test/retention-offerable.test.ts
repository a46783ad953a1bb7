import { retentionCouponId } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import type { PlankitContext } from '../src/context';
import type { CustomerFacts } from '../src/state/billing-snapshot';
import { retentionMayBeOfferedFacts, retentionOfferable } from '../src/subscriptions/retention-eligibility';
import { retentionMetadataKey } from '../src/subscriptions/retention-metadata';
import { plans, stripeCalls, subscribeDirectly, useEmulator } from './harness';
import { subscriptionFixture } from './subscription-fixture';

// Plankit's own reads expand the subscription's customer; a subscription read without it (an app's own read, a
// webhook payload) makes `retentionOfferable` read the customer's retention mark from Stripe, in one call.

const env = useEmulator();

/** The parts of Plankit's context the eligibility rule reads: the Stripe client and the retention options. */
function retentionContext(
  retention: PlankitContext['options']['retention'] = { couponId: retentionCouponId },
): PlankitContext {
  return { stripe: env.stripe, plans, options: { retention } } as unknown as PlankitContext;
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

describe("retentionOfferable with oncePer: 'subscription'", () => {
  test('offers it on a subscription not yet offered it without reading the customer, whose mark does not count', async () => {
    const { customer, subscription } = await unexpandedSubscription({ [retentionMetadataKey]: 'offered' });
    env.emulator.clearRequestLog();
    const context = retentionContext({ couponId: retentionCouponId, oncePer: 'subscription' });
    expect(await retentionOfferable(context, subscription, customer)).toBe(true);
    expect(stripeCalls(env.emulator)).toEqual([]);
  });
});

describe("retentionMayBeOfferedFacts (the snapshot's answer, no Stripe call)", () => {
  const now = Math.floor(Date.now() / 1000);
  const day = 24 * 60 * 60;
  const customer: CustomerFacts = {
    id: 'cus_1',
    email: null,
    userId: 'u1',
    currency: 'usd',
    defaultPaymentMethod: null,
    retention: null,
  };
  const offered = { ...customer, retention: 'offered' };
  const subscription = subscriptionFixture({ startDate: now - 40 * day });

  test('needs retention configured and a subscription that has not ended', () => {
    expect(retentionMayBeOfferedFacts(retentionContext(), subscription, customer)).toBe(true);
    expect(
      retentionMayBeOfferedFacts(
        { ...retentionContext(), options: {} } as PlankitContext,
        subscription,
        customer,
      ),
    ).toBe(false);
    const canceled = subscriptionFixture({ ...subscription, status: 'canceled' });
    expect(retentionMayBeOfferedFacts(retentionContext(), canceled, customer)).toBe(false);
  });

  test('waits for minTenureDays, counted in days since the subscription started', () => {
    const tenured = retentionContext({ couponId: retentionCouponId, minTenureDays: 30 });
    expect(retentionMayBeOfferedFacts(tenured, subscription, customer)).toBe(true);
    const young = subscriptionFixture({ startDate: now - 29 * day });
    expect(retentionMayBeOfferedFacts(tenured, young, customer)).toBe(false);
  });

  test('by default once per customer: not to a customer already offered it, nor to a deleted one', () => {
    expect(retentionMayBeOfferedFacts(retentionContext(), subscription, offered)).toBe(false);
    expect(retentionMayBeOfferedFacts(retentionContext(), subscription, 'deleted')).toBe(false);
    // The customer not read: the subscription's own mark decides.
    expect(retentionMayBeOfferedFacts(retentionContext(), subscription, undefined)).toBe(true);
  });

  test("with oncePer: 'subscription', the customer's mark does not count", () => {
    const perSubscription = retentionContext({ couponId: retentionCouponId, oncePer: 'subscription' });
    expect(retentionMayBeOfferedFacts(perSubscription, subscription, offered)).toBe(true);
    const marked = subscriptionFixture({ ...subscription, retention: 'offered' });
    expect(retentionMayBeOfferedFacts(perSubscription, marked, customer)).toBe(false);
  });
});
