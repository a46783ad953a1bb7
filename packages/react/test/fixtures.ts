import {
  catalogSchema,
  type SubscriptionSummary,
  subscriptionStateSchema,
  subscriptionSummarySchema,
} from '@plankit/core';

/** Fixtures go through the core schemas, so they cannot drift from the wire contract. */
export const catalog = catalogSchema.parse({
  intervals: ['month', 'year'],
  addOns: [
    {
      key: 'analytics',
      name: 'Advanced analytics',
      description: null,
      unitLabel: null,
      perSeat: false,
      prices: [
        { interval: 'month', intervalCount: 1, currency: 'usd', unitAmount: 500 },
        { interval: 'year', intervalCount: 1, currency: 'usd', unitAmount: 5000 },
      ],
    },
  ],
  plans: [
    {
      key: 'starter',
      name: 'Starter',
      description: 'For individuals getting started.',
      image: null,
      unitLabel: null,
      features: ['1 project', 'Community support'],
      highlighted: false,
      trialDays: null,
      seats: null,
      addOns: [],
      prices: [
        { interval: 'month', intervalCount: 1, currency: 'usd', unitAmount: 900 },
        { interval: 'year', intervalCount: 1, currency: 'usd', unitAmount: 9000 },
      ],
    },
    {
      key: 'pro',
      name: 'Pro',
      description: 'For professionals who need more.',
      image: null,
      unitLabel: null,
      features: ['Unlimited projects', 'Email support'],
      highlighted: true,
      trialDays: 14,
      seats: null,
      addOns: ['analytics'],
      prices: [
        { interval: 'month', intervalCount: 1, currency: 'usd', unitAmount: 2900 },
        { interval: 'year', intervalCount: 1, currency: 'usd', unitAmount: 29000 },
      ],
    },
    {
      key: 'team',
      name: 'Team',
      description: 'For teams, billed per seat.',
      image: null,
      unitLabel: 'seat',
      features: ['Everything in Pro'],
      highlighted: false,
      trialDays: null,
      seats: { min: 2, max: 50 },
      addOns: ['analytics'],
      prices: [
        { interval: 'month', intervalCount: 1, currency: 'usd', unitAmount: 1200 },
        { interval: 'year', intervalCount: 1, currency: 'usd', unitAmount: 12000 },
      ],
    },
  ],
});

export const periodEnd = '2026-08-01T00:00:00.000Z';

/** A subscription summary with overrides. */
export function summary(overrides: Partial<SubscriptionSummary> = {}): SubscriptionSummary {
  return subscriptionSummarySchema.parse({
    id: 'sub_123',
    status: 'active',
    planKey: 'starter',
    interval: 'month',
    currency: 'usd',
    quantity: 1,
    addOns: [],
    items: [{ id: 'si_1', kind: 'plan', key: 'starter', quantity: 1, unitAmount: 900 }],
    currentPeriodEnd: periodEnd,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    trialEnd: null,
    discount: null,
    paymentMethod: null,
    cancellation: null,
    retentionOfferAvailable: false,
    ...overrides,
  });
}

export const noSubscription = subscriptionStateSchema.parse({ subscriptions: [] });

export function subscribed(overrides: Partial<SubscriptionSummary> = {}) {
  return subscriptionStateSchema.parse({ subscriptions: [summary(overrides)] });
}
