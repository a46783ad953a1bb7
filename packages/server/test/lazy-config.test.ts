import { startEmulator } from '@plankit/stripe-emulator';
import { describe, expect, test } from 'vitest';
import { createPlankit, createStripeClient } from '../src/index';
import { appOrigin, identifyFromHeader, makeBilling, plans, quietLogger, useEmulator } from './harness';

describe('configuration is checked on first use, not at import', () => {
  test('a build without secrets loads the module; the first request fails with the clear message', async () => {
    const logger = quietLogger();
    // What a route file does at import during `next build`: no STRIPE_SECRET_KEY, no webhook secret.
    const billing = createPlankit({
      secretKey: undefined,
      identify: identifyFromHeader,
      plans,
      allowedOrigins: [appOrigin],
      webhook: { secret: process.env.PLANKIT_TEST_UNSET_WEBHOOK_SECRET as string },
      logger,
    });
    expect(billing.basePath).toBe('/api/billing');
    expect(logger.lines).toEqual([]);
    const request = () => billing.handler(new Request(`${appOrigin}/api/billing/plans`));
    await expect(request()).rejects.toThrow('Plankit: the Stripe secret key is missing.');
    // Not remembered: every request says it again until the environment is fixed.
    await expect(request()).rejects.toThrow('the Stripe secret key is missing');
    expect(() => billing.stripe).toThrow('the Stripe secret key is missing');
  });

  test('a bad basePath is a code error and still fails at once', () => {
    expect(() =>
      createPlankit({
        secretKey: 'sk_test_1',
        identify: identifyFromHeader,
        plans,
        allowedOrigins: [appOrigin],
        basePath: 'api',
      }),
    ).toThrow(/basePath/);
  });
});

describe('the emulator is one option away', () => {
  test('createStripeClient({ apiUrl }) and createPlankit({ stripeApiUrl }) talk to the emulator', async () => {
    const emulator = await startEmulator({
      seed: { products: [{ id: 'prod_one', name: 'One', prices: [] }] },
    });
    try {
      const stripe = createStripeClient({ secretKey: emulator.secretKey, apiUrl: emulator.url });
      expect((await stripe.products.retrieve('prod_one')).name).toBe('One');
      const billing = createPlankit({
        secretKey: emulator.secretKey,
        stripeApiUrl: emulator.url,
        identify: identifyFromHeader,
        plans,
        allowedOrigins: [appOrigin],
      });
      expect((await billing.stripe.products.retrieve('prod_one')).id).toBe('prod_one');
      expect(emulator.requestLog().length).toBeGreaterThanOrEqual(2);
    } finally {
      await emulator.close();
    }
  });

  test('an API URL that is not an origin, or a live key sent elsewhere, is refused', () => {
    expect(() => createStripeClient({ secretKey: 'sk_test_1', apiUrl: '127.0.0.1:12111' })).toThrow(
      /not a URL/,
    );
    expect(() => createStripeClient({ secretKey: 'sk_test_1', apiUrl: 'http://127.0.0.1:1/v1' })).toThrow(
      /origin/,
    );
    expect(() => createStripeClient({ secretKey: 'sk_test_1', apiUrl: 'ftp://127.0.0.1' })).toThrow(/origin/);
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => createStripeClient({ secretKey: 'sk_live_1', apiUrl: 'http://127.0.0.1:12111' })).toThrow(
        /only sent to api.stripe.com/,
      );
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});

describe('initialData for server rendering', () => {
  const holder = useEmulator();

  test('plans for everybody, the subscription for the signed-in caller, from their headers', async () => {
    const billing = makeBilling(holder.emulator);
    const signedOut = await billing.initialData(new Headers());
    expect(signedOut.plans?.plans.map((plan) => plan.key)).toEqual(['starter', 'pro', 'team']);
    expect(signedOut).not.toHaveProperty('subscription');
    const signedIn = await billing.initialData({ 'x-test-user': 'u_initial' });
    expect(signedIn.plans).toEqual(signedOut.plans);
    expect(signedIn.subscription).toEqual({ subscriptions: [] });
  });

  test('a failed read is left out for the browser to ask again, not thrown into the page', async () => {
    const billing = makeBilling(holder.emulator);
    holder.emulator.failNext({ fault: 'api_error', count: 100 });
    const data = await billing.initialData({ 'x-test-user': 'u_down' });
    expect(data).toEqual({});
  });
});
