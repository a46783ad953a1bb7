import { createRequire } from 'node:module';
import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { mapStripeError } from '../src/stripe/map-stripe-error';
import { call, customerOf, makeBilling, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

/** The CommonJS build of the SDK, loaded next to the ESM one the server imports: other classes, same errors. */
const CommonJsStripe = createRequire(import.meta.url)('stripe') as typeof Stripe;

function billingWithOtherCopy() {
  const stripe = new CommonJsStripe(env.emulator.secretKey, {
    ...env.emulator.stripeConfig,
    maxNetworkRetries: 0,
  });
  return makeBilling(env.emulator, {
    stripe,
    planChange: { inApp: true, prorationBehavior: 'always_invoice' },
  });
}

describe("Stripe errors from another copy of the SDK get Plankit's codes, not a 500", () => {
  test('the copies really differ', async () => {
    const { default: EsmStripe } = await import('stripe');
    expect(CommonJsStripe.errors.StripeError).not.toBe(EsmStripe.errors.StripeError);
  });

  test('rate limit -> 503 stripe_unavailable, unknown subscription -> 404, decline -> 402', async () => {
    const billing = billingWithOtherCopy();
    // The customer's creation is refused (a search 429 alone is recovered from: the list by email answers).
    env.emulator.failNext({ fault: 'rate_limit', match: { method: 'POST', path: '/v1/customers' } });
    const limited = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'ivy' });
    expect(limited.status).toBe(503);
    expect(limited.json.error.code).toBe('stripe_unavailable');

    const missing = await call(
      billing,
      '/preview-change',
      { subscription: 'sub_missing', plan: 'pro', interval: 'month' },
      { user: 'ivy' },
    );
    expect(missing.json.error.code).toBe('subscription_not_found');

    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'ivy' });
    const customer = (await customerOf(env.stripe, 'ivy'))!;
    const subscription = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    const failing = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    const declined = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'pro', interval: 'month' },
      { user: 'ivy' },
    );
    expect(declined.status).toBe(402);
    expect(declined.json.error.code).toBe('card_declined');
  });

  test("Stripe's raw error shape is recognized too", () => {
    expect(mapStripeError({ type: 'card_error', code: 'card_declined', statusCode: 402 })?.code).toBe(
      'card_declined',
    );
    expect(mapStripeError({ raw: { type: 'invalid_request_error', code: 'resource_missing' } })?.code).toBe(
      'stripe_rejected',
    );
    expect(mapStripeError({ type: 'api_error', statusCode: 500 })?.code).toBe('stripe_unavailable');
    expect(mapStripeError(new Error('not stripe'))).toBeNull();
    expect(mapStripeError({ type: 'something_else' })).toBeNull();
  });
});
