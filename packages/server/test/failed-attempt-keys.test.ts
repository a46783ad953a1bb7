import { retentionCouponId } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import { call, customerOf, makeBilling, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

/**
 * Stripe saves the first result of a key for 24 h, errors included: after a failure, the user's next, deliberate
 * attempt must go out under a new key, or it is answered with the saved failure without being tried.
 */
describe('a failed attempt does not lock the action out for 24 h', () => {
  function billingWith() {
    return makeBilling(env.emulator, {
      retention: { couponId: retentionCouponId },
      planChange: { inApp: true, prorationBehavior: 'always_invoice' },
    });
  }

  async function subscribed(billing: ReturnType<typeof billingWith>, user: string) {
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
    const customer = (await customerOf(env.stripe, user))!;
    const subscription = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    return { customer, subscription };
  }

  /** The endpoint fails once while executing: Stripe saves that 500 for the request's key. */
  function failOnceWhileExecuting(method: string, path: string) {
    env.emulator.failNext({ fault: 'api_error', executing: true, match: { method, path } });
  }

  test('checkout: session creation', async () => {
    const billing = billingWith();
    await call(billing, '/subscription', undefined, { user: 'kim' });
    failOnceWhileExecuting('POST', '/v1/checkout/sessions');
    const failed = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'kim' });
    expect(failed.status).toBe(503);
    const retried = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'kim' });
    expect(retried.status).toBe(200);
    expect(retried.json.type).toBe('checkout');
  });

  test('customer creation', async () => {
    const billing = billingWith();
    failOnceWhileExecuting('POST', '/v1/customers');
    const failed = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'lee' });
    expect(failed.status).toBe(503);
    const retried = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'lee' });
    expect(retried.status).toBe(200);
    expect(await customerOf(env.stripe, 'lee')).toMatch(/^cus_/);
  });

  test('retention accept', async () => {
    const billing = billingWith();
    const { subscription } = await subscribed(billing, 'max');
    const offer = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'max' },
    );
    expect(offer.json.type).toBe('retention_offer');
    failOnceWhileExecuting('POST', `/v1/subscriptions/${subscription.id}`);
    const failed = await call(
      billing,
      '/retention/accept',
      { subscription: subscription.id },
      { user: 'max' },
    );
    expect(failed.status).toBe(503);
    const retried = await call(
      billing,
      '/retention/accept',
      { subscription: subscription.id },
      { user: 'max' },
    );
    expect(retried.status).toBe(200);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.discounts).toHaveLength(1);
  });

  test('change-plan', async () => {
    const billing = billingWith();
    const { subscription } = await subscribed(billing, 'ned');
    const change = { subscription: subscription.id, plan: 'pro', interval: 'month' };
    const preview = await call(billing, '/preview-change', change, { user: 'ned' });
    const confirmed = { ...change, prorationDate: preview.json.prorationDate };
    failOnceWhileExecuting('POST', `/v1/subscriptions/${subscription.id}`);
    const failed = await call(billing, '/change-plan', confirmed, { user: 'ned' });
    expect(failed.status).toBe(503);
    const retried = await call(billing, '/change-plan', confirmed, { user: 'ned' });
    expect(retried.status).toBe(200);
    expect(retried.json.subscription).toMatchObject({ planKey: 'pro' });
  });

  test('change-plan: a retried attempt is tried again after another attempt overwrote its record', async () => {
    const billing = billingWith();
    const { customer, subscription } = await subscribed(billing, 'pat');
    const failing = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    const now = Math.floor(Date.now() / 1000);
    const attemptA = {
      subscription: subscription.id,
      plan: 'pro',
      interval: 'month',
      prorationDate: now - 30,
    };
    const attemptB = { ...attemptA, prorationDate: now - 20 };
    // A fails twice (its base key and its first retry key both hold a saved decline), then B overwrites the record.
    for (const attempt of [attemptA, attemptA, attemptB]) {
      const declined = await call(billing, '/change-plan', attempt, { user: 'pat' });
      expect(declined.json.error.code).toBe('card_declined');
    }
    const good = await env.stripe.paymentMethods.attach('pm_card_visa', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: good.id });
    const retried = await call(billing, '/change-plan', attemptA, { user: 'pat' });
    expect(retried.status).toBe(200);
    expect(retried.json.subscription).toMatchObject({ planKey: 'pro' });
  });

  test('change-plan: concurrent duplicates of a retry share one key', async () => {
    const billing = billingWith();
    const { customer, subscription } = await subscribed(billing, 'quin');
    const failing = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    const now = Math.floor(Date.now() / 1000);
    const attemptA = {
      subscription: subscription.id,
      plan: 'pro',
      interval: 'month',
      prorationDate: now - 30,
    };
    const attemptB = { ...attemptA, prorationDate: now - 20 };
    for (const attempt of [attemptA, attemptB]) {
      const declined = await call(billing, '/change-plan', attempt, { user: 'quin' });
      expect(declined.json.error.code).toBe('card_declined');
    }
    const good = await env.stripe.paymentMethods.attach('pm_card_visa', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: good.id });
    env.emulator.clearRequestLog();
    const replies = await Promise.all(
      [1, 2, 3].map(() => call(billing, '/change-plan', attemptA, { user: 'quin' })),
    );
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    const keys = env.emulator
      .requestLog()
      .filter((entry) => entry.method === 'POST' && entry.path === `/v1/subscriptions/${subscription.id}`)
      .map((entry) => entry.idempotencyKey);
    expect(new Set(keys).size).toBe(1);
  });

  test('concurrent duplicates still share one key', async () => {
    const billing = billingWith();
    const replies = await Promise.all(
      [1, 2, 3].map(() => call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'ola' })),
    );
    const urls = new Set(replies.map((reply) => reply.json.url));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    expect(urls.size).toBe(1);
    const customers = await env.stripe.customers.list({ email: 'ola@example.com' });
    expect(customers.data).toHaveLength(1);
  });
});
