import { describe, expect, test } from 'vitest';
import { createPlankit, type PlankitOptions } from '../src/index';
import { assertSecretKey, createStripeClient } from '../src/stripe/create-stripe-client';
import { identifyFromHeader, plans } from './harness';

const planUrl = 'https://app.example.com/api/billing/plans';

describe('Stripe key validation', () => {
  test('a missing key, a publishable key or a live key outside production fail fast', () => {
    expect(() => createStripeClient({ secretKey: undefined })).toThrow(/missing/);
    expect(() => createStripeClient({ secretKey: '  ' })).toThrow(/missing/);
    expect(() => createStripeClient({ secretKey: 'pk_test_123' })).toThrow(/publishable/);
    expect(() => createStripeClient({ secretKey: 'whsec_123' })).toThrow(/sk_ or rk_/);
    expect(() => assertSecretKey('sk_live_123', 'development')).toThrow(/live Stripe key/);
    expect(() => assertSecretKey('rk_live_123', undefined)).toThrow(/live Stripe key/);
    expect(assertSecretKey('sk_live_123', 'production')).toBe('sk_live_123');
    expect(assertSecretKey('rk_test_123', 'test')).toBe('rk_test_123');
  });

  test('the client retries at least twice and has a timeout', () => {
    const stripe = createStripeClient({ secretKey: 'sk_test_123', maxNetworkRetries: 0 });
    expect(stripe.getMaxNetworkRetries()).toBe(2);
  });

  test('createPlankit with a secretKey validates it too, on first use', async () => {
    const base = { identify: identifyFromHeader, plans, allowedOrigins: ['https://app.example.com'] };
    const firstUse = (options: PlankitOptions) => createPlankit(options).handler(new Request(planUrl));
    await expect(firstUse({ ...base, secretKey: 'pk_test_1' })).rejects.toThrow(/publishable/);
    await expect(firstUse({ ...base })).rejects.toThrow(/missing/);
    expect(createPlankit({ ...base, secretKey: 'sk_test_1' }).basePath).toBe('/api/billing');
    await expect(firstUse({ ...base, secretKey: 'sk_test_1', allowedOrigins: [] })).rejects.toThrow(
      /allowedOrigins/,
    );
    await expect(
      firstUse({ ...base, secretKey: 'sk_test_1', webhook: { secret: 'sk_test_oops' } }),
    ).rejects.toThrow(/whsec_/);
    await expect(
      firstUse({ ...base, secretKey: 'sk_test_1', portal: { defaultReturnTo: 'https://evil.example/' } }),
    ).rejects.toThrow();
  });
});

describe('start-up warnings', () => {
  test('the memory store in production and a client without retries are reported once', async () => {
    const { default: Stripe } = await import('stripe');
    const lines: string[] = [];
    const logger = {
      warn: (line: string) => void lines.push(line),
      error: (line: string) => void lines.push(line),
    };
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const options = {
        identify: identifyFromHeader,
        plans,
        allowedOrigins: ['https://app.example.com'],
        stripe: new Stripe('sk_test_1', { maxNetworkRetries: 0 }),
        logger,
      };
      // Configured on first use: reading `stripe` is one.
      void createPlankit(options).stripe;
      void createPlankit(options).stripe;
    } finally {
      process.env.NODE_ENV = previous;
    }
    expect(lines.filter((line) => line.includes('in-memory store'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('retries'))).toHaveLength(2);
  });
});
