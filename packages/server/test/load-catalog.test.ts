import { definePlans, type PlansInput } from '@plankit/core';
import { planConfig } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../src/catalog/load-catalog';
import { quietLogger, seed, stripeCalls, useEmulator } from './harness';

// loadCatalog against the emulator: what Stripe's products and prices become in the catalog, and what Stripe is
// asked for to build it.

const env = useEmulator({
  seed: {
    ...seed,
    products: [
      ...(seed.products ?? []),
      {
        id: 'prod_pictured',
        name: 'Pictured',
        images: ['https://img.example.com/pictured.png', 'https://img.example.com/second.png'],
        prices: [
          {
            lookup_key: 'pictured_monthly',
            currency: 'usd',
            unit_amount: 700,
            recurring: { interval: 'month' },
          },
          {
            lookup_key: 'pictured_weekly',
            currency: 'usd',
            unit_amount: 200,
            recurring: { interval: 'week' },
          },
        ],
      },
    ],
  },
});

async function load(input: PlansInput) {
  const logger = quietLogger();
  const catalog = await loadCatalog(env.stripe, definePlans(input), logger);
  return { catalog, warnings: logger.lines };
}

/** The lookup keys of each `GET /v1/prices` call, in order. */
function listedKeys(): string[][] {
  return env.emulator
    .requestLog()
    .filter((entry) => entry.method === 'GET' && entry.path === '/v1/prices')
    .map((entry) => entry.params.lookup_keys as string[]);
}

describe('loadCatalog', () => {
  test("a plan without texts of its own takes its Stripe product's name, description, first image and ids", async () => {
    const { catalog } = await load({
      plans: {
        pictured: { prices: { month: 'pictured_monthly' } },
        pro: { prices: { month: 'pro_monthly' } },
      },
    });
    const [pictured, pro] = catalog.public.plans;
    expect(pictured).toMatchObject({
      name: 'Pictured',
      description: null,
      image: 'https://img.example.com/pictured.png',
      unitLabel: null,
    });
    expect(pro).toMatchObject({ name: 'Pro', description: 'For professionals who need more.', image: null });
    expect(catalog.entries[0]?.prices.month).toMatchObject({
      productId: 'prod_pictured',
      interval: 'month',
      intervalCount: 1,
      currency: 'usd',
      unitAmount: 700,
    });
    expect(catalog.public.intervals).toEqual(['month']);
  });

  test("a plan whose prices sit on two products takes its texts from its first interval's (month before year)", async () => {
    const { catalog } = await load({
      plans: { mixed: { prices: { month: 'pictured_monthly', year: 'pro_yearly' } } },
    });
    expect(catalog.public.plans[0]).toMatchObject({
      name: 'Pictured',
      image: 'https://img.example.com/pictured.png',
    });
    expect(catalog.entries[0]?.prices.year?.productId).toBe('prod_pro');
  });

  test('lookup keys go to Stripe ten per call, the eleventh in a second call; ids are retrieved one by one', async () => {
    const ghosts = Object.fromEntries(
      [1, 2, 3, 4].map((n) => [`ghost${n}`, { prices: { month: `ghost_${n}_monthly` } }]),
    );
    // starter, pro, team (6 keys), 4 ghosts, then `pictured` as the eleventh key.
    const eleven = await load({
      plans: {
        starter: planConfig.plans.starter!,
        pro: { prices: planConfig.plans.pro!.prices },
        team: { prices: planConfig.plans.team!.prices, seats: { min: 2, max: 50 } },
        ...ghosts,
        pictured: { prices: { month: 'pictured_monthly' } },
      },
    });
    expect(listedKeys().map((keys) => keys.length)).toEqual([10, 1]);
    expect(listedKeys()[1]).toEqual(['pictured_monthly']);
    expect(eleven.catalog.public.plans.map((plan) => plan.key)).toEqual([
      'starter',
      'pro',
      'team',
      'pictured',
    ]);
    env.emulator.clearRequestLog();
    // The same price named by two plans is asked for once.
    await load({
      plans: { starter: planConfig.plans.starter!, ...ghosts, pictured: planConfig.plans.starter! },
    });
    expect(listedKeys().map((keys) => keys.length)).toEqual([6]);
    env.emulator.clearRequestLog();
    // Exactly ten keys: one call, not a second empty one (which Stripe would answer with every price).
    await load({
      plans: {
        starter: planConfig.plans.starter!,
        pro: { prices: planConfig.plans.pro!.prices },
        team: { ...planConfig.plans.team!, addOns: [] },
        ...ghosts,
      },
    });
    expect(listedKeys().map((keys) => keys.length)).toEqual([10]);
    env.emulator.clearRequestLog();
    const byId = await load({
      plans: { pro: { prices: { month: 'price_pro_monthly', year: 'price_pro_yearly' } } },
    });
    expect(stripeCalls(env.emulator)).toEqual([
      'GET /v1/prices/price_pro_monthly',
      'GET /v1/prices/price_pro_yearly',
    ]);
    expect(byId.catalog.public.plans[0]?.prices.map((price) => price.unitAmount)).toEqual([2900, 29000]);
    // A price named by id brings its product's texts as one found by lookup key does.
    expect(byId.catalog.public.plans[0]).toMatchObject({
      name: 'Pro',
      description: 'For professionals who need more.',
    });
  });

  test('an archived, one-time or tiered price, or one of another interval, is left out with a warning naming it', async () => {
    const archived = await env.stripe.prices.create({
      product: 'prod_pro',
      currency: 'usd',
      unit_amount: 1900,
      recurring: { interval: 'month' },
    });
    await env.stripe.prices.update(archived.id, { active: false });
    const oneTime = await env.stripe.prices.create({
      product: 'prod_pro',
      currency: 'usd',
      unit_amount: 5000,
    });
    // A tiered price has no unit amount to show or to sell by the seat.
    const tiered = await env.stripe.prices.create({
      product: 'prod_pro',
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [
        { up_to: 5, unit_amount: 300 },
        { up_to: 'inf', unit_amount: 200 },
      ],
      recurring: { interval: 'month' },
    });
    const { catalog, warnings } = await load({
      plans: {
        pro: { prices: { month: archived.id, year: 'pro_yearly' } },
        starter: { prices: { month: 'starter_yearly' } },
        basic: {
          prices: { month: 'starter_monthly' },
          addOns: ['lifetime', 'analytics', 'weekly', 'volume'],
        },
      },
      addOns: {
        lifetime: { prices: { month: oneTime.id } },
        analytics: { prices: { month: 'analytics_monthly' } },
        weekly: { prices: { month: 'pictured_weekly' } },
        volume: { prices: { month: tiered.id } },
      },
    });
    expect(warnings).toEqual([
      `warn Plankit: add-on "lifetime" month: no active per-unit recurring month price with ${oneTime.id} in Stripe; it is left out (run \`plankit doctor\`).`,
      'warn Plankit: add-on "weekly" month: no active per-unit recurring month price with lookup key "pictured_weekly" in Stripe; it is left out (run `plankit doctor`).',
      `warn Plankit: add-on "volume" month: no active per-unit recurring month price with ${tiered.id} in Stripe; it is left out (run \`plankit doctor\`).`,
      `warn Plankit: plan "pro" month: no active per-unit recurring month price with ${archived.id} in Stripe; it is left out (run \`plankit doctor\`).`,
      'warn Plankit: plan "starter" month: no active per-unit recurring month price with lookup key "starter_yearly" in Stripe; it is left out (run `plankit doctor`).',
    ]);
    // Pro keeps its yearly price, starter (nothing left) is gone; add-ons without a price leave the plan's list.
    expect(
      catalog.public.plans.map((plan) => [plan.key, plan.prices.map((price) => price.interval)]),
    ).toEqual([
      ['pro', ['year']],
      ['basic', ['month']],
    ]);
    expect(catalog.public.plans[1]?.addOns).toEqual(['analytics']);
    expect(catalog.public.addOns.map((addOn) => addOn.key)).toEqual(['analytics']);
    expect(catalog.entries.map((entry) => [entry.kind, entry.key, Object.keys(entry.prices)])).toEqual([
      ['add_on', 'analytics', ['month']],
      ['plan', 'pro', ['year']],
      ['plan', 'basic', ['month']],
    ]);
    expect(catalog.public.intervals).toEqual(['month', 'year']);
  });

  test('each body has its own ETag: a quoted 27-character hash, the same for the same catalog', async () => {
    const input: PlansInput = {
      plans: {
        pro: {
          prices: { month: 'pro_monthly' },
          translations: { de: { name: 'Profi' }, fr: { name: 'Pro FR' } },
        },
      },
    };
    const { catalog } = await load(input);
    const etags = [catalog.etag, catalog.locales.de?.etag, catalog.locales.fr?.etag];
    for (const etag of etags) expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(new Set(etags).size).toBe(3);
    expect(catalog.locales.de?.public.plans[0]?.name).toBe('Profi');
    expect((await load(input)).catalog.etag).toBe(catalog.etag);
  });

  test("texts: the locale's translation, then the config's, then the Stripe product's", async () => {
    const { catalog } = await load({
      plans: {
        pro: {
          prices: { month: 'pro_monthly' },
          name: 'Pro (config)',
          description: 'Config description.',
          addOns: ['analytics', 'extras'],
          translations: { de: { name: 'Profi' } },
        },
        team: { prices: { month: 'team_monthly' }, seats: { min: 2, max: 50 } },
      },
      addOns: {
        analytics: { prices: { month: 'analytics_monthly' }, perSeat: true, unitLabel: 'report' },
        extras: {
          prices: { month: 'analytics_monthly' },
          name: 'Extras',
          description: 'Config add-on text.',
          translations: { de: { description: 'Zusatz.' } },
        },
      },
    });
    const [pro, team] = catalog.public.plans;
    expect(pro).toMatchObject({ name: 'Pro (config)', description: 'Config description.', seats: null });
    expect(team).toMatchObject({
      name: 'Team',
      description: 'For teams, billed per seat.',
      unitLabel: 'seat',
      seats: { min: 2, max: 50 },
    });
    expect(catalog.public.addOns).toEqual([
      {
        key: 'analytics',
        name: 'Advanced analytics',
        description: 'Dashboards and exports.',
        unitLabel: 'report',
        perSeat: true,
        prices: [{ interval: 'month', intervalCount: 1, currency: 'usd', unitAmount: 500 }],
      },
      expect.objectContaining({
        key: 'extras',
        name: 'Extras',
        description: 'Config add-on text.',
        unitLabel: null,
      }),
    ]);
    const de = catalog.locales.de!.public;
    expect(de.plans[0]).toMatchObject({ name: 'Profi', description: 'Config description.' });
    expect(de.addOns.map((addOn) => [addOn.name, addOn.description, addOn.unitLabel])).toEqual([
      ['Advanced analytics', 'Dashboards and exports.', null],
      ['Extras', 'Zusatz.', null],
    ]);
  });
});
