import { catalogSchema, definePlans } from '@plankit/core';
import { planConfig } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';
import { call, makeBilling, seed, stripeCalls, useEmulator } from './harness';

const env = useEmulator({
  seed: {
    ...seed,
    products: [
      ...(seed.products ?? []),
      {
        id: 'prod_euro_addon',
        name: 'Euro add-on',
        prices: [
          { lookup_key: 'euro_monthly', currency: 'eur', unit_amount: 100, recurring: { interval: 'month' } },
        ],
      },
      {
        id: 'prod_quarterly',
        name: 'Quarterly add-on',
        prices: [
          {
            lookup_key: 'quarterly',
            currency: 'usd',
            unit_amount: 100,
            recurring: { interval: 'month', interval_count: 3 },
          },
        ],
      },
    ],
  },
});

describe('GET /plans', () => {
  test('joins config and Stripe, validates against the core schema', async () => {
    const billing = makeBilling(env.emulator);
    const reply = await call(billing, '/plans', undefined, { user: null });
    expect(reply.status).toBe(200);
    const catalog = catalogSchema.parse(reply.json);
    expect(catalog.intervals).toEqual(['month', 'year']);
    const team = catalog.plans.find((plan) => plan.key === 'team');
    expect(team).toMatchObject({
      name: 'Team',
      description: 'For teams, billed per seat.',
      unitLabel: 'seat',
      seats: { min: 2, max: 50 },
      addOns: ['analytics'],
    });
    expect(team?.prices).toEqual([
      { interval: 'month', intervalCount: 1, currency: 'usd', unitAmount: 1200 },
      { interval: 'year', intervalCount: 1, currency: 'usd', unitAmount: 12000 },
    ]);
    expect(catalog.plans.find((plan) => plan.key === 'pro')).toMatchObject({
      trialDays: 14,
      highlighted: true,
    });
    expect(JSON.stringify(reply.json)).not.toContain('price_');
  });

  test('0 Stripe calls when warm; ETag and 304; Cache-Control', async () => {
    const billing = makeBilling(env.emulator);
    const cold = await Promise.all([
      call(billing, '/plans'),
      call(billing, '/plans'),
      call(billing, '/plans'),
    ]);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/prices']);
    env.emulator.clearRequestLog();
    const warm = await call(billing, '/plans');
    expect(stripeCalls(env.emulator)).toEqual([]);
    const etag = warm.headers.get('etag');
    expect(etag).toBe(cold[0]?.headers.get('etag'));
    expect(warm.headers.get('cache-control')).toContain('max-age');
    const notModified = await call(billing, '/plans', undefined, { headers: { 'if-none-match': etag! } });
    expect(notModified.status).toBe(304);
    expect(notModified.json).toBeNull();
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('refreshes after the TTL', async () => {
    const billing = makeBilling(env.emulator, { catalogTtlMs: 50 });
    await call(billing, '/plans');
    await new Promise((resolve) => setTimeout(resolve, 80));
    env.emulator.clearRequestLog();
    await call(billing, '/plans');
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/prices']);
  });

  test('prices missing in Stripe are left out with a warning', async () => {
    const billing = makeBilling(env.emulator, {
      plans: definePlans({
        ...planConfig,
        plans: { ...planConfig.plans, ghost: { prices: { month: 'ghost_monthly' } } },
      }),
    });
    const reply = await call(billing, '/plans');
    expect(reply.json.plans.map((plan: { key: string }) => plan.key)).toEqual(['starter', 'pro', 'team']);
    expect(billing.log.some((line) => line.includes('ghost'))).toBe(true);
  });

  test('bundles with another currency or another interval are refused before Stripe sees them', async () => {
    const billing = makeBilling(env.emulator, {
      plans: definePlans({
        plans: {
          euro: { prices: { month: 'starter_monthly' }, addOns: ['euro'] },
          quarter: { prices: { month: 'starter_monthly' }, addOns: ['quarterly'] },
        },
        addOns: {
          euro: { prices: { month: 'euro_monthly' } },
          quarterly: { prices: { month: 'quarterly' } },
        },
      }),
    });
    await call(billing, '/plans');
    env.emulator.clearRequestLog();
    const mixedCurrency = await call(billing, '/checkout', {
      plan: 'euro',
      interval: 'month',
      addOns: ['euro'],
    });
    expect(mixedCurrency.json.error.code).toBe('mixed_currency');
    const mixedInterval = await call(billing, '/checkout', {
      plan: 'quarter',
      interval: 'month',
      addOns: ['quarterly'],
    });
    expect(mixedInterval.json.error.code).toBe('mixed_interval');
    const noYear = await call(billing, '/checkout', { plan: 'euro', interval: 'year' });
    expect(noYear.json.error.code).toBe('interval_unavailable');
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('a slow load that started before a price/product webhook never brings the old catalog back', async () => {
    // One price by id, so the catalog load makes two calls and one of them can be held back: the product list
    // answers at once (old name), the retrieve lags while the product changes and the webhook invalidates.
    const [analytics] = (await env.stripe.prices.list({ lookup_keys: ['analytics_monthly'] })).data;
    const config = definePlans({
      ...planConfig,
      addOns: { analytics: { prices: { month: analytics!.id, year: 'analytics_yearly' } } },
    });
    const store = createMemoryStore(); // shared by two instances, as Redis would be
    const first = makeBilling(env.emulator, { plans: config, store });
    const second = makeBilling(env.emulator, { plans: config, store });
    const proName = (reply: { json: { plans: Array<{ key: string; name: string }> } }) =>
      reply.json.plans.find((plan) => plan.key === 'pro')?.name;
    const hold = env.emulator.holdNext({ method: 'GET', path: `/v1/prices/${analytics!.id}` });
    const slow = call(first, '/plans');
    await hold.reached;
    await expect.poll(() => stripeCalls(env.emulator).includes('GET /v1/prices')).toBe(true);
    await env.stripe.products.update('prod_pro', { name: 'Pro Max' });
    await second.invalidateCatalog(); // what the product.updated webhook does, on the other instance
    await first.invalidateCatalog(); // and on this one, while its load is still running
    // A read after the invalidation does not join the load that started before it.
    expect(proName(await call(first, '/plans'))).toBe('Pro Max');
    hold.release();
    await slow;
    expect(proName(await call(first, '/plans'))).toBe('Pro Max');
    expect(proName(await call(second, '/plans'))).toBe('Pro Max');
    env.emulator.clearRequestLog();
    expect(proName(await call(second, '/plans'))).toBe('Pro Max');
    expect(stripeCalls(env.emulator)).toEqual([]); // warm again, shared by both
  });
});
