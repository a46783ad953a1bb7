import { describe, expect, test } from 'vitest';
import { entryForPrice, findEntry, type ResolvedCatalog, type ResolvedPrice } from './resolved-catalog';

const price = (id: string, interval: 'month' | 'year'): ResolvedPrice => ({
  id,
  productId: 'prod_1',
  interval,
  intervalCount: 1,
  currency: 'usd',
  unitAmount: 100,
});

const catalog: ResolvedCatalog = {
  public: { locale: 'en', plans: [], addOns: [], intervals: [] },
  etag: '"x"',
  locales: {},
  entries: [
    {
      kind: 'plan',
      key: 'pro',
      prices: { month: price('price_pro_m', 'month'), year: price('price_pro_y', 'year') },
    },
    // An add-on may share a plan's key: kind and key together name an entry.
    { kind: 'add_on', key: 'pro', prices: { month: price('price_addon_m', 'month') } },
  ],
};

describe('resolved catalog lookups', () => {
  test('a Stripe price id leads to its entry and price, in any interval; an unknown id to null', () => {
    expect(entryForPrice(catalog, 'price_pro_y')).toEqual({
      entry: catalog.entries[0],
      price: price('price_pro_y', 'year'),
    });
    expect(entryForPrice(catalog, 'price_addon_m')?.entry.kind).toBe('add_on');
    expect(entryForPrice(catalog, 'price_other')).toBeNull();
  });

  test('an entry is found by kind and key together', () => {
    expect(findEntry(catalog, 'add_on', 'pro')).toBe(catalog.entries[1]);
    expect(findEntry(catalog, 'plan', 'pro')).toBe(catalog.entries[0]);
    expect(findEntry(catalog, 'plan', 'team')).toBeUndefined();
  });
});
