import { retentionCouponId } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import type { PlankitOptions } from '../src/index';
import { call, customerOf, makeBilling, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

function billingWith(retention: Partial<NonNullable<PlankitOptions['retention']>> = {}) {
  return makeBilling(env.emulator, {
    retention: { couponId: retentionCouponId, ...retention },
    cancel: { modes: ['immediately', 'at_period_end'] },
  });
}

async function customerFor(billing: ReturnType<typeof makeBilling>, user: string) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  return (await customerOf(env.stripe, user)) as string;
}

async function trialing(customer: string): Promise<Stripe.Subscription> {
  const [price] = (await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
  return env.stripe.subscriptions.create({
    customer,
    items: [{ price: (price as Stripe.Price).id }],
    trial_period_days: 14,
    default_payment_method: 'pm_card_visa',
  });
}

const cancel = (billing: ReturnType<typeof makeBilling>, user: string, subscription: string) =>
  call(billing, '/cancel', { subscription, reason: 'too_expensive', mode: 'immediately' }, { user });

describe('the retention coupon (issue 15.3)', () => {
  test('is offered once per customer: a resubscription does not earn it again', async () => {
    const billing = billingWith();
    const customer = await customerFor(billing, 'rita');
    const first = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    expect((await cancel(billing, 'rita', first.id)).json.type).toBe('retention_offer');
    const kept = await call(billing, '/retention/accept', { subscription: first.id }, { user: 'rita' });
    expect(kept.json.type).toBe('retained');
    expect((await cancel(billing, 'rita', first.id)).json.type).toBe('canceled');
    const second = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    // No webhooks in this test: the return page's sync brings the new subscription into the snapshot.
    await call(billing, '/sync', {}, { user: 'rita' });
    // The summary tells the kit there is no offer, so it asks the customer to confirm instead of expecting one.
    const state = await call(billing, '/subscription', undefined, { user: 'rita' });
    expect(state.json.subscriptions[0]).toMatchObject({ id: second.id, retentionOfferAvailable: false });
    const again = await cancel(billing, 'rita', second.id);
    expect(again.json.type).toBe('canceled');
    const accept = await call(billing, '/retention/accept', { subscription: second.id }, { user: 'rita' });
    expect(accept.json.error.code).toBe('retention_unavailable');
    const record = (await env.stripe.customers.retrieve(customer)) as Stripe.Customer;
    expect(record.metadata.plankit_retention).toBe('offered');
  });

  test("oncePer: 'subscription' offers it again on a new subscription", async () => {
    const billing = billingWith({ oncePer: 'subscription' });
    const customer = await customerFor(billing, 'sam');
    const first = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    expect((await cancel(billing, 'sam', first.id)).json.type).toBe('retention_offer');
    expect((await cancel(billing, 'sam', first.id)).json.type).toBe('canceled');
    const second = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    expect((await cancel(billing, 'sam', second.id)).json.type).toBe('retention_offer');
  });

  test('is not offered during a trial unless duringTrial, nor before minTenureDays', async () => {
    const billing = billingWith();
    const customer = await customerFor(billing, 'tia');
    const trial = await trialing(customer);
    const state = await call(billing, '/subscription', undefined, { user: 'tia' });
    expect(state.json.subscriptions[0].retentionOfferAvailable).toBe(false);
    expect((await cancel(billing, 'tia', trial.id)).json.type).toBe('canceled');
    const duringTrial = billingWith({ duringTrial: true });
    const other = await customerFor(duringTrial, 'ugo');
    const otherTrial = await trialing(other);
    const offered = await call(duringTrial, '/subscription', undefined, { user: 'ugo' });
    expect(offered.json.subscriptions[0].retentionOfferAvailable).toBe(true);
    expect((await cancel(duringTrial, 'ugo', otherTrial.id)).json.type).toBe('retention_offer');
    const tenured = billingWith({ minTenureDays: 30 });
    const newcomer = await customerFor(tenured, 'val');
    const fresh = await subscribeDirectly(env.stripe, newcomer, ['pro_monthly']);
    expect((await cancel(tenured, 'val', fresh.id)).json.type).toBe('canceled');
  });
});
