import {
  type BillingInterval,
  type Catalog,
  type CatalogAddOn,
  type CatalogPlan,
  type CatalogPrice,
  catalogAddOnSchema,
  catalogPlanSchema,
  catalogSchema,
  type PreviewChangeResponse,
  previewChangeResponseSchema,
  type RetentionOffer,
  retentionOfferSchema,
  type SubscriptionState,
  type SubscriptionStatus,
  type SubscriptionSummary,
  subscriptionStateSchema,
  subscriptionSummarySchema,
} from '@plankit/core';

// Story data. Every factory parses its result with the @plankit/core schema of the route that serves it,
// so a story can never show data the real server could not send.

/** The end of the current period in every story (dates are printed in UTC, see the story harness). */
export const periodEnd = '2026-08-01T00:00:00.000Z';
export const trialEnd = '2026-06-15T00:00:00.000Z';

/** A monthly and a yearly price in US cents (the decorator converts them to the toolbar's currency). */
export function prices(monthly: number, yearly?: number): CatalogPrice[] {
  const list: CatalogPrice[] = [
    { interval: 'month', intervalCount: 1, currency: 'usd', unitAmount: monthly },
  ];
  if (yearly !== undefined)
    list.push({ interval: 'year', intervalCount: 1, currency: 'usd', unitAmount: yearly });
  return list;
}

/** A plan with sensible defaults: monthly and yearly prices, no seats, no add-ons. */
export function plan(fields: Pick<CatalogPlan, 'key' | 'name'> & Partial<CatalogPlan>): CatalogPlan {
  return catalogPlanSchema.parse({
    description: null,
    image: null,
    unitLabel: null,
    features: [],
    highlighted: false,
    trialDays: null,
    seats: null,
    addOns: [],
    prices: prices(1000, 10000),
    ...fields,
  });
}

/** An add-on offered with some plans. */
export function addOn(fields: Pick<CatalogAddOn, 'key' | 'name'> & Partial<CatalogAddOn>): CatalogAddOn {
  return catalogAddOnSchema.parse({
    description: null,
    unitLabel: null,
    perSeat: false,
    prices: prices(500, 5000),
    ...fields,
  });
}

/** A `GET /plans` answer; the offered intervals are derived from the plans, monthly first. */
export function catalog(plans: CatalogPlan[], addOns: CatalogAddOn[] = []): Catalog {
  const offered = new Set(plans.flatMap((entry) => entry.prices.map((price) => price.interval)));
  const intervals = (['month', 'year'] as const).filter((interval) => offered.has(interval));
  return catalogSchema.parse({ plans, addOns, intervals });
}

export const analytics = addOn({ key: 'analytics', name: 'Advanced analytics', prices: prices(500, 5000) });
export const prioritySupport = addOn({
  key: 'priority-support',
  name: 'Priority support',
  prices: prices(1500, 15000),
});

export const starter = plan({
  key: 'starter',
  name: 'Starter',
  description: 'For individuals getting started.',
  features: ['1 project', '1 GB storage', 'Community support'],
  prices: prices(900, 9000),
});

export const pro = plan({
  key: 'pro',
  name: 'Pro',
  description: 'For professionals who need more.',
  features: ['Unlimited projects', '50 GB storage', 'Email support'],
  highlighted: true,
  trialDays: 14,
  addOns: ['analytics', 'priority-support'],
  prices: prices(2900, 29000),
});

export const team = plan({
  key: 'team',
  name: 'Team',
  description: 'For teams, billed per seat.',
  unitLabel: 'seat',
  features: ['Everything in Pro', 'Shared workspaces', 'SSO'],
  seats: { min: 2, max: 50 },
  addOns: ['analytics', 'priority-support'],
  prices: prices(1200, 12000),
});

/** Starter, Pro (highlighted, trial, add-ons) and Team (per seat, add-ons), monthly and yearly. */
export const standardCatalog = catalog([starter, pro, team], [analytics, prioritySupport]);

/** The same plans, sold monthly only (no interval toggle). */
export const monthlyOnlyCatalog = catalog(
  [starter, pro, team].map((entry) => ({
    ...entry,
    prices: entry.prices.filter((p) => p.interval === 'month'),
  })),
  [analytics, prioritySupport],
);

/** Per-seat plans only. */
export const perSeatCatalog = catalog([
  plan({ ...team, key: 'team', name: 'Team', addOns: [] }),
  plan({
    key: 'business',
    name: 'Business',
    description: 'For larger teams with audit needs.',
    unitLabel: 'member',
    features: ['Everything in Team', 'Audit log', 'Priority support'],
    seats: { min: 5, max: 500 },
    highlighted: true,
    prices: prices(2400, 24000),
  }),
]);

export const emptyCatalog = catalog([]);

/** Twenty plans, to see how the table wraps. */
export const twentyPlansCatalog = catalog(
  Array.from({ length: 20 }, (_, index) =>
    plan({
      key: `tier-${index + 1}`,
      name: `Tier ${index + 1}`,
      description: `Up to ${(index + 1) * 10} projects.`,
      features: [`${(index + 1) * 10} projects`, `${(index + 1) * 5} GB storage`],
      highlighted: index === 4,
      prices: prices((index + 1) * 500, (index + 1) * 5000),
    }),
  ),
);

/** Long names, descriptions and feature lists, to see how text wraps. */
export const longTextCatalog = catalog(
  [
    plan({
      key: 'enterprise-plus',
      name: 'Enterprise Plus Unlimited Professional Edition with Extended Support',
      description:
        'For organisations with many departments, strict compliance requirements, a dedicated success manager and a long procurement process.',
      features: [
        'Unlimited projects, workspaces, members and guests across every department of your organisation',
        'Single sign-on with SAML and SCIM provisioning, including just-in-time user creation',
        'Audit log with a retention period of seven years and export to your own storage bucket',
        'Data residency in the European Union, the United States or Australia',
        'A dedicated customer success manager and a quarterly business review',
        'Uptime service level agreement of 99.99% with financial credits',
        'Custom contract terms, invoicing and purchase orders',
        'Priority support around the clock with a fifteen-minute first response time',
      ],
      highlighted: true,
      trialDays: 30,
      prices: prices(99900, 999000),
    }),
    plan({
      key: 'donaudampfschifffahrt',
      name: 'Donaudampfschifffahrtsgesellschaftskapitänsmütze',
      description: 'One very long word that cannot wrap at a space.',
      features: ['Rechtsschutzversicherungsgesellschaften', 'Kraftfahrzeughaftpflichtversicherung'],
      prices: prices(4900, 49000),
    }),
    starter,
  ],
  [analytics],
);

/** Options of {@link subscription}. */
export interface SubscriptionFields extends Partial<SubscriptionSummary> {
  status?: SubscriptionStatus;
}

/** One subscription (`GET /subscription` lists them), by default Starter, monthly, active. */
export function subscription(fields: SubscriptionFields = {}): SubscriptionSummary {
  const planKey = fields.planKey ?? 'starter';
  const interval: BillingInterval = fields.interval ?? 'month';
  const quantity = fields.quantity ?? 1;
  const known = [starter, pro, team].find((entry) => entry.key === planKey);
  const unitAmount = known?.prices.find((price) => price.interval === interval)?.unitAmount ?? 1000;
  return subscriptionSummarySchema.parse({
    id: 'sub_story',
    status: 'active',
    planKey,
    interval,
    currency: 'usd',
    quantity,
    addOns: [],
    items: [{ id: 'si_story_plan', kind: 'plan', key: planKey, quantity, unitAmount }],
    currentPeriodEnd: periodEnd,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    trialEnd: fields.status === 'trialing' ? trialEnd : null,
    discount: null,
    paymentMethod: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
    cancellation: null,
    retentionOfferAvailable: false,
    ...fields,
  });
}

/** A `GET /subscription` answer with these subscriptions (none: not subscribed). */
export function subscriptions(...list: SubscriptionSummary[]): SubscriptionState {
  return subscriptionStateSchema.parse({ subscriptions: list });
}

export const notSubscribed = subscriptions();

/** Canceling at the end of the period: still active, "Cancels on …". */
export const cancelingAtPeriodEnd = subscription({ cancelAtPeriodEnd: true, cancelAt: periodEnd });

/** A `POST /preview-change` answer: due now (negative: a credit) and the next invoice. */
export function preview(dueNow: number, nextInvoice: number, lines: PreviewChangeResponse['lines'] = []) {
  return previewChangeResponseSchema.parse({
    currency: 'usd',
    dueNow,
    nextInvoice: { amount: nextInvoice, date: periodEnd },
    lines,
    prorationDate: 1_780_000_000,
  });
}

/** Starter -> Pro mid-period: the difference is charged now. */
export const upgradePreview = preview(1000, 2900, [
  { description: 'Unused time on Starter', amount: -450, proration: true },
  { description: 'Remaining time on Pro', amount: 1450, proration: true },
]);

/** Pro -> Starter mid-period: a credit now, a smaller next invoice. */
export const downgradePreview = preview(-1000, 900, [
  { description: 'Unused time on Pro', amount: -1450, proration: true },
  { description: 'Remaining time on Starter', amount: 450, proration: true },
]);

/** The discount the server offers before a cancellation. */
export const retentionOffer: RetentionOffer = retentionOfferSchema.parse({
  name: '25% off for 3 months',
  percentOff: 25,
  amountOff: null,
  currency: null,
  duration: 'repeating',
  durationInMonths: 3,
});
