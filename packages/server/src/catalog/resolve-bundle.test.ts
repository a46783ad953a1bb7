import type { BillingInterval, CatalogPlan } from '@plankit/core';
import { describe, expect, test } from 'vitest';
import { PlankitError } from '../http/plankit-error';
import { type BundleRequest, resolveBundle } from './resolve-bundle';
import type { ResolvedCatalog, ResolvedEntry, ResolvedPrice } from './resolved-catalog';

// resolveBundle is pure: a hand-built catalog pins each of its checks (seed 001) without Stripe.

function price(id: string, overrides: Partial<ResolvedPrice> = {}): ResolvedPrice {
  return {
    id,
    productId: `prod_${id}`,
    interval: 'month',
    intervalCount: 1,
    currency: 'usd',
    unitAmount: 500,
    ...overrides,
  };
}

function entry(kind: ResolvedEntry['kind'], key: string, prices: ResolvedEntry['prices']): ResolvedEntry {
  return { kind, key, prices };
}

function publicPlan(key: string, addOns: string[]): CatalogPlan {
  return {
    key,
    name: key,
    description: null,
    image: null,
    unitLabel: null,
    features: [],
    highlighted: false,
    trialDays: null,
    seats: null,
    prices: [],
    addOns,
  };
}

const manyAddOns = Array.from({ length: 20 }, (_, index) => `extra${index}`);

const catalog: ResolvedCatalog = {
  public: {
    locale: 'en',
    plans: [
      publicPlan('solo', ['badge', 'seatPack', 'euro', 'quarterly', 'monthOnly', 'team', ...manyAddOns]),
      publicPlan('team', ['seatPack', 'badge']),
      // Public but without a plan entry (only an add-on has that key): not a plan the server can sell.
      publicPlan('monthOnly', []),
    ],
    addOns: [],
    intervals: ['month', 'year'],
  },
  etag: '"x"',
  locales: {},
  entries: [
    entry('plan', 'solo', { month: price('solo_m'), year: price('solo_y', { interval: 'year' }) }),
    entry('plan', 'team', { month: price('team_m') }),
    // Known to the server but not offered publicly.
    entry('plan', 'hidden', { month: price('hidden_m') }),
    entry('add_on', 'badge', { month: price('badge_m'), year: price('badge_y', { interval: 'year' }) }),
    entry('add_on', 'seatPack', { month: price('seat_m') }),
    entry('add_on', 'euro', { month: price('euro_m', { currency: 'eur' }) }),
    entry('add_on', 'quarterly', { month: price('quarterly_m', { intervalCount: 3 }) }),
    entry('add_on', 'monthOnly', { month: price('month_only_m') }),
    // An add-on whose only price bills yearly although it sits under `month` (a price moved in Stripe).
    entry('add_on', 'drifted', { month: price('drifted_m', { interval: 'year' }) }),
    ...manyAddOns.map((key) => entry('add_on', key, { month: price(`${key}_m`) })),
  ],
};
// `drifted` is offered by solo too.
catalog.public.plans[0]!.addOns.push('drifted');

const seats = (plan: string) => (plan === 'team' ? { min: 2, max: 50 } : null);
const perSeat = (addOn: string) => addOn === 'seatPack';

function resolve(request: Partial<BundleRequest>, defaultQuantity?: number) {
  return resolveBundle(
    catalog,
    seats,
    perSeat,
    { plan: 'solo', interval: 'month', ...request },
    defaultQuantity,
  );
}

function refusal(request: Partial<BundleRequest>, defaultQuantity?: number) {
  try {
    resolve(request, defaultQuantity);
  } catch (error) {
    expect(error).toBeInstanceOf(PlankitError);
    const { code, details } = error as PlankitError;
    return { code, details };
  }
  throw new Error('expected a refusal');
}

describe('resolveBundle', () => {
  test('a plan with add-ons becomes the plan item first, then each add-on with its quantity', () => {
    expect(resolve({ plan: 'team', quantity: 5, addOns: ['seatPack'] })).toEqual({
      plan: 'team',
      interval: 'month',
      quantity: 5,
      currency: 'usd',
      items: [
        { kind: 'plan', key: 'team', price: price('team_m'), quantity: 5 },
        { kind: 'add_on', key: 'seatPack', price: price('seat_m'), quantity: 5 },
      ],
    });
    // Only a per-seat add-on follows the seats; the others are one each.
    const mixed = resolve({ plan: 'team', quantity: 5, addOns: ['badge', 'seatPack'] });
    expect(mixed.items.map((item) => [item.key, item.quantity])).toEqual([
      ['team', 5],
      ['badge', 1],
      ['seatPack', 5],
    ]);
    const yearly = resolve({ interval: 'year' as BillingInterval, addOns: ['badge'] });
    expect(yearly.items.map((item) => [item.key, item.price.id, item.quantity])).toEqual([
      ['solo', 'solo_y', 1],
      ['badge', 'badge_y', 1],
    ]);
  });

  test('a plan the server or the public catalog does not know is unknown_plan', () => {
    expect(refusal({ plan: 'nope' }).code).toBe('unknown_plan');
    expect(refusal({ plan: 'monthOnly' }).code).toBe('unknown_plan');
    expect(refusal({ plan: 'hidden' }).code).toBe('unknown_plan');
    // An add-on key is not a plan.
    expect(refusal({ plan: 'badge' }).code).toBe('unknown_plan');
  });

  test('an interval the plan or an add-on lacks is interval_unavailable, naming the add-on', () => {
    expect(refusal({ plan: 'team', interval: 'year' })).toEqual({
      code: 'interval_unavailable',
      details: undefined,
    });
    expect(refusal({ interval: 'year', addOns: ['monthOnly'] })).toEqual({
      code: 'interval_unavailable',
      details: { addOn: 'monthOnly' },
    });
  });

  test('an add-on the plan does not offer, or that does not exist, is unknown_add_on naming it', () => {
    expect(refusal({ plan: 'team', addOns: ['euro'] })).toEqual({
      code: 'unknown_add_on',
      details: { addOn: 'euro' },
    });
    expect(refusal({ addOns: ['missing'] })).toEqual({
      code: 'unknown_add_on',
      details: { addOn: 'missing' },
    });
    // A plan key is not an add-on, even when the plan lists it.
    expect(refusal({ addOns: ['team'] })).toEqual({ code: 'unknown_add_on', details: { addOn: 'team' } });
  });

  test('the quantity: given, else the default clamped into the seats, else the minimum seats, else 1', () => {
    expect(resolve({ plan: 'team' }).quantity).toBe(2);
    expect(resolve({ plan: 'team' }, 7).quantity).toBe(7);
    expect(resolve({ plan: 'team' }, 80).quantity).toBe(50);
    expect(resolve({ plan: 'team' }, 1).quantity).toBe(2);
    expect(resolve({ plan: 'team', quantity: 2 }).quantity).toBe(2);
    expect(resolve({ plan: 'team', quantity: 50 }).quantity).toBe(50);
    expect(resolve({}).quantity).toBe(1);
    // A plan without seats is one unit, whatever the default (a former per-seat plan's quantity).
    expect(refusal({}, 4)).toEqual({ code: 'quantity_out_of_range', details: { min: 1, max: 1 } });
  });

  test('a given quantity outside the seats is refused with the bounds, never clamped', () => {
    expect(refusal({ plan: 'team', quantity: 1 })).toEqual({
      code: 'quantity_out_of_range',
      details: { min: 2, max: 50 },
    });
    expect(refusal({ plan: 'team', quantity: 51 })).toEqual({
      code: 'quantity_out_of_range',
      details: { min: 2, max: 50 },
    });
    expect(refusal({ quantity: 2 })).toEqual({ code: 'quantity_out_of_range', details: { min: 1, max: 1 } });
    expect(refusal({ quantity: 0 })).toEqual({ code: 'quantity_out_of_range', details: { min: 1, max: 1 } });
  });

  test('at most 20 items: the plan and 19 add-ons pass, one more is too_many_items', () => {
    expect(resolve({ addOns: manyAddOns.slice(0, 19) }).items).toHaveLength(20);
    expect(refusal({ addOns: manyAddOns }).code).toBe('too_many_items');
  });

  test('one currency and one billing interval (and interval count) per bundle', () => {
    expect(refusal({ addOns: ['euro'] }).code).toBe('mixed_currency');
    expect(refusal({ addOns: ['quarterly'] }).code).toBe('mixed_interval');
    expect(refusal({ addOns: ['drifted'] }).code).toBe('mixed_interval');
    expect(resolve({ addOns: ['badge', 'monthOnly'] }).items).toHaveLength(3);
  });
});
