import type { SubscriptionFacts, SubscriptionItemFacts } from '../src/state/billing-snapshot';

/** A subscription item's facts, as a snapshot holds them: a monthly licensed price unless told otherwise. */
export function itemFixture(
  overrides: Partial<SubscriptionItemFacts> & { priceId: string },
): SubscriptionItemFacts {
  return {
    id: `si_${overrides.priceId}`,
    productId: 'prod_1',
    lookupKey: null,
    unitAmount: 1200,
    currency: 'usd',
    interval: 'month',
    intervalCount: 1,
    quantity: 1,
    currentPeriodStart: 1_700_000_000,
    currentPeriodEnd: 1_702_592_000,
    ...overrides,
  };
}

/** A subscription's facts, as a snapshot holds them: active since 2023-11-14, nothing scheduled. */
export function subscriptionFixture(overrides: Partial<SubscriptionFacts> = {}): SubscriptionFacts {
  return {
    id: 'sub_1',
    status: 'active',
    created: 1_700_000_000,
    startDate: 1_700_000_000,
    currency: 'usd',
    items: [],
    discounts: [],
    trialStart: null,
    trialEnd: null,
    cancelAt: null,
    cancelAtPeriodEnd: false,
    canceledAt: null,
    endedAt: null,
    cancellation: null,
    currentPeriodStart: null,
    currentPeriodEnd: null,
    defaultPaymentMethod: null,
    retention: null,
    customerCancelAt: null,
    scheduleId: null,
    latestInvoice: null,
    ...overrides,
  };
}
