import { describe, expect, test } from 'vitest';
import type { ResolvedCatalog, ResolvedPrice } from '../src/catalog/resolved-catalog';
import type { PaymentMethodFacts } from '../src/state/billing-snapshot';
import { summarizeFacts } from '../src/subscriptions/summarize';
import { itemFixture, subscriptionFixture } from './subscription-fixture';

// The summary the browser sees is built from snapshot facts alone; these pin each of its fields, some on facts
// Stripe would not produce (a yearly plan beside monthly items, two plan items, a card with a field missing).

const price = (id: string, interval: 'month' | 'year'): ResolvedPrice => ({
  id,
  productId: 'prod_1',
  interval,
  intervalCount: 1,
  currency: 'usd',
  unitAmount: 1200,
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
    { kind: 'plan', key: 'team', prices: { month: price('price_team_m', 'month') } },
    { kind: 'add_on', key: 'analytics', prices: { month: price('price_analytics_m', 'month') } },
  ],
};

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('summarizeFacts', () => {
  test('the plan is the first known plan item, wherever it is listed; its quantity, interval and period are the summary’s', () => {
    const facts = subscriptionFixture({
      items: [
        itemFixture({
          priceId: 'price_other',
          interval: 'week',
          quantity: 9,
          currentPeriodEnd: 1_700_100_000,
        }),
        itemFixture({ priceId: 'price_analytics_m', quantity: 2, currentPeriodEnd: 1_700_200_000 }),
        itemFixture({
          priceId: 'price_pro_y',
          interval: 'year',
          quantity: 3,
          currentPeriodEnd: 1_731_536_000,
        }),
        itemFixture({ priceId: 'price_team_m', quantity: 7, currentPeriodEnd: 1_702_592_000 }),
      ],
    });
    const summary = summarizeFacts(facts, catalog, false);
    expect(summary).toMatchObject({
      planKey: 'pro',
      quantity: 3,
      interval: 'year',
      currentPeriodEnd: iso(1_731_536_000),
      addOns: ['analytics'],
    });
    expect(summary.items.map((item) => [item.kind, item.key, item.quantity])).toEqual([
      ['other', null, 9],
      ['add_on', 'analytics', 2],
      ['plan', 'pro', 3],
      ['plan', 'team', 7],
    ]);
  });

  test('without a known plan, the first item gives the interval, period and quantity; an interval Plankit does not sell, or no item at all, gives none', () => {
    const monthly = summarizeFacts(
      subscriptionFixture({ items: [itemFixture({ priceId: 'price_legacy', quantity: 4 })] }),
      catalog,
      false,
    );
    expect(monthly).toMatchObject({
      planKey: null,
      interval: 'month',
      quantity: 4,
      currentPeriodEnd: iso(1_702_592_000),
    });
    const weekly = summarizeFacts(
      subscriptionFixture({ items: [itemFixture({ priceId: 'price_legacy', interval: 'week' })] }),
      catalog,
      false,
    );
    expect(weekly.interval).toBeNull();
    const empty = summarizeFacts(subscriptionFixture({ items: [] }), catalog, false);
    expect(empty).toMatchObject({ interval: null, quantity: 0, currentPeriodEnd: null });
  });

  test('the discount shown is the first whose coupon was read (it has a duration)', () => {
    const discount = {
      id: 'di_1',
      couponId: 'co_1',
      percentOff: null,
      amountOff: 500,
      currency: 'usd',
      durationInMonths: 3,
      start: 1_700_000_000,
      end: 1_707_800_000,
    };
    const summary = summarizeFacts(
      subscriptionFixture({
        discounts: [
          { ...discount, id: 'di_0', name: 'unread', duration: null },
          { ...discount, name: 'Launch', duration: 'repeating' },
        ],
      }),
      catalog,
      false,
    );
    expect(summary.discount).toEqual({
      name: 'Launch',
      percentOff: null,
      amountOff: 500,
      currency: 'usd',
      duration: 'repeating',
      durationInMonths: 3,
      end: iso(1_707_800_000),
    });
  });

  test('a card is shown only with its brand, last four digits and expiry all known', () => {
    const card: PaymentMethodFacts = {
      id: 'pm_1',
      type: 'card',
      brand: 'visa',
      last4: '4242',
      expMonth: 12,
      expYear: 2030,
    };
    const shown = (method: PaymentMethodFacts | null) =>
      summarizeFacts(subscriptionFixture({ defaultPaymentMethod: method }), catalog, false).paymentMethod;
    expect(shown(card)).toEqual({ brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 });
    expect(shown(null)).toBeNull();
    for (const missing of ['brand', 'last4', 'expMonth', 'expYear'] as const) {
      expect(shown({ ...card, [missing]: null }), missing).toBeNull();
    }
  });

  test('the cancellation is shown with its reason (a known one only) and comment; none without details', () => {
    const withDetails = (cancellation: { feedback: string | null; comment: string | null } | null) =>
      summarizeFacts(
        subscriptionFixture({ cancellation: cancellation && { reason: null, ...cancellation } }),
        catalog,
        false,
      ).cancellation;
    expect(withDetails(null)).toBeNull();
    expect(withDetails({ feedback: null, comment: null })).toBeNull();
    expect(withDetails({ feedback: 'too_expensive', comment: 'Over budget' })).toEqual({
      reason: 'too_expensive',
      comment: 'Over budget',
    });
    expect(withDetails({ feedback: 'not_a_reason', comment: null })).toEqual({ reason: null, comment: null });
    expect(withDetails({ feedback: null, comment: 'Moving on' })).toEqual({
      reason: null,
      comment: 'Moving on',
    });
  });

  test('the retention offer is available when eligible, not yet made, and the subscription has not ended', () => {
    const available = (overrides: Parameters<typeof subscriptionFixture>[0], eligible = true) =>
      summarizeFacts(subscriptionFixture(overrides), catalog, eligible).retentionOfferAvailable;
    expect(available({})).toBe(true);
    expect(available({}, false)).toBe(false);
    expect(available({ retention: 'offered' })).toBe(false);
    expect(available({ status: 'canceled' })).toBe(false);
    expect(available({ status: 'past_due' })).toBe(true);
  });

  test('times are Stripe seconds shown as ISO dates', () => {
    const summary = summarizeFacts(
      subscriptionFixture({ trialEnd: 1_700_086_400, cancelAt: 1_702_592_000, cancelAtPeriodEnd: true }),
      catalog,
      false,
    );
    expect(summary).toMatchObject({
      trialEnd: '2023-11-15T22:13:20.000Z',
      cancelAt: iso(1_702_592_000),
      cancelAtPeriodEnd: true,
    });
  });
});
