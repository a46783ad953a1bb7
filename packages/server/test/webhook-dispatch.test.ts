import { retentionCouponId } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import { call, customerOf, stripeCalls, subscribeDirectly, useEmulator } from './harness';
import { settledDeliveries, useWebhookEndpoint } from './webhook-endpoint';

// What an event makes Plankit do besides re-syncing: reload the catalog only for catalog events, re-read the
// retention coupon only for coupon events, and run with any subset of callbacks left out.

const env = useEmulator();
const deliverTo = useWebhookEndpoint(env);

const reads = (prefix: string) =>
  stripeCalls(env.emulator).filter((line) => line.startsWith(`GET ${prefix}`));

describe('caches an event invalidates', () => {
  test('only product and price events reload the catalog', async () => {
    const billing = await deliverTo({});
    await call(billing, '/plans');
    await env.stripe.customers.create({ email: 'catalog@example.com', name: 'Not a catalog change' });
    await env.stripe.coupons.update(retentionCouponId, { metadata: { note: 'not a catalog change' } });
    await env.emulator.waitForWebhooks();
    env.emulator.clearRequestLog();
    await call(billing, '/plans');
    expect(reads('/v1/prices')).toEqual([]);
    await env.stripe.prices.update(
      (await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data[0]!.id,
      {
        metadata: { note: 'changed' },
      },
    );
    await env.emulator.waitForWebhooks();
    env.emulator.clearRequestLog();
    await call(billing, '/plans');
    expect(reads('/v1/prices').length).toBeGreaterThan(0);
  });

  test('only coupon events make the retention offer re-read its coupon', async () => {
    const billing = await deliverTo({}, { retention: { couponId: retentionCouponId } });
    const offer = async (user: string) => {
      await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
      const customer = (await customerOf(env.stripe, user))!;
      const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
      await env.emulator.waitForWebhooks();
      env.emulator.clearRequestLog();
      const reply = await call(
        billing,
        '/cancel',
        { subscription: subscription.id, reason: 'too_expensive' },
        { user },
      );
      expect(reply.json.type).toBe('retention_offer');
      return reads(`/v1/coupons/${retentionCouponId}`).length;
    };
    expect(await offer('ada')).toBe(1);
    // The next offers' subscriptions and customers send many events, none about coupons: the coupon stays cached.
    expect(await offer('ben')).toBe(0);
    await env.stripe.coupons.update(retentionCouponId, { metadata: { note: 'changed' } });
    await env.emulator.waitForWebhooks();
    expect(await offer('cyd')).toBe(1);
  });
});

describe('callbacks are optional, each on its own', () => {
  test('with none given, duplicates, reasons, cancellations and failed payments all answer 200', async () => {
    const billing = await deliverTo({}, { cancelDuplicates: false });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'dora' });
    const customer = (await customerOf(env.stripe, 'dora'))!;
    const first = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    const second = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    await env.stripe.subscriptions.update(first.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'too_expensive' },
    });
    await env.stripe.subscriptions.cancel(second.id);
    // A delivery whose connection broke (status 0) is retried: flush until its retry is answered too.
    expect(await settledDeliveries(env.emulator)).toEqual([]);
    expect(env.emulator.webhookAttempts().length).toBeGreaterThan(5);
    expect(billing.log.filter((line) => line.startsWith('error'))).toEqual([]);
  });
});
