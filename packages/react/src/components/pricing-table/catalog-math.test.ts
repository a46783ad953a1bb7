import type { Catalog, CatalogPlan, CatalogPrice } from '@plankit/core';
import { describe, expect, it } from 'vitest';
import { priceFor, yearlySaving } from './catalog-math';

function price(
  interval: 'month' | 'year',
  unitAmount: number,
  extra: Partial<CatalogPrice> = {},
): CatalogPrice {
  return { interval, intervalCount: 1, currency: 'usd', unitAmount, ...extra };
}

function plan(key: string, prices: CatalogPrice[]): CatalogPlan {
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
    prices,
    addOns: [],
  };
}

function catalog(...plans: CatalogPlan[]): Catalog {
  return { plans, addOns: [], intervals: ['month', 'year'] };
}

describe('yearlySaving: the "Save N%" of the interval toggle', () => {
  it('is the largest saving across plans, wherever that plan sits in the catalog', () => {
    // 12 x 10 = 120 a year: 96 saves 20%, 108 saves 10%, 60 saves 50%.
    const small = plan('small', [price('month', 1000), price('year', 10800)]);
    const big = plan('big', [price('month', 1000), price('year', 6000)]);
    const mid = plan('mid', [price('month', 1000), price('year', 9600)]);
    expect(yearlySaving(catalog(small, big, mid))).toBeCloseTo(0.5);
    expect(yearlySaving(catalog(big, mid, small))).toBeCloseTo(0.5);
    expect(yearlySaving(catalog(mid, small, big))).toBeCloseTo(0.5);
  });

  it('compares only prices in the same currency', () => {
    const mixed = plan('mixed', [price('month', 1000), price('year', 1000, { currency: 'eur' })]);
    const honest = plan('honest', [price('month', 1000), price('year', 11000)]);
    expect(yearlySaving(catalog(mixed, honest))).toBeCloseTo(1 - 11000 / 12000);
  });

  it('ignores prices billed every few intervals, which are not "per month" or "per year"', () => {
    const quarterly = plan('quarterly', [
      price('month', 3000, { intervalCount: 3 }),
      price('month', 1000),
      price('year', 3000, { intervalCount: 2 }),
    ]);
    expect(yearlySaving(catalog(quarterly))).toBe(0);
    const both = plan('both', [
      price('month', 3000, { intervalCount: 3 }),
      price('month', 1000),
      price('year', 9000),
    ]);
    expect(yearlySaving(catalog(both))).toBeCloseTo(0.25);
  });

  it('is 0 when nothing saves: free plans, a yearly price dearer than twelve months, a single interval', () => {
    const free = plan('free', [price('month', 0), price('year', 0)]);
    const dearer = plan('dearer', [price('month', 1000), price('year', 13000)]);
    const monthly = plan('monthly', [price('month', 1000)]);
    expect(yearlySaving(catalog(free, dearer, monthly))).toBe(0);
  });
});

describe('priceFor', () => {
  it('picks the price billed every single interval', () => {
    const prices = [price('month', 3000, { intervalCount: 3 }), price('month', 1000), price('year', 9000)];
    expect(priceFor(prices, 'month')?.unitAmount).toBe(1000);
    expect(priceFor(prices, 'year')?.unitAmount).toBe(9000);
    expect(priceFor([price('month', 3000, { intervalCount: 3 })], 'month')).toBeUndefined();
  });
});
