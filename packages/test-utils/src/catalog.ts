import type { PlansInput } from '@plankit/core';
import type { EmulatorSeed } from '@plankit/stripe-emulator';

/**
 * The catalog used by tests and the demo: three plans monthly and yearly, a per-seat plan, an add-on,
 * a trial, a retention coupon and a promotion code. `seedCatalog` goes into the emulator (Stripe's shapes),
 * `planConfig` into definePlans (Plankit's shape); they refer to each other through lookup keys.
 */
export const seedCatalog: EmulatorSeed = {
  products: [
    {
      id: 'prod_starter',
      name: 'Starter',
      description: 'For individuals getting started.',
      prices: [
        {
          id: 'price_starter_monthly',
          lookup_key: 'starter_monthly',
          currency: 'usd',
          unit_amount: 900,
          recurring: { interval: 'month' },
        },
        {
          id: 'price_starter_yearly',
          lookup_key: 'starter_yearly',
          currency: 'usd',
          unit_amount: 9000,
          recurring: { interval: 'year' },
        },
      ],
    },
    {
      id: 'prod_pro',
      name: 'Pro',
      description: 'For professionals who need more.',
      prices: [
        {
          id: 'price_pro_monthly',
          lookup_key: 'pro_monthly',
          currency: 'usd',
          unit_amount: 2900,
          recurring: { interval: 'month' },
        },
        {
          id: 'price_pro_yearly',
          lookup_key: 'pro_yearly',
          currency: 'usd',
          unit_amount: 29000,
          recurring: { interval: 'year' },
        },
      ],
    },
    {
      id: 'prod_team',
      name: 'Team',
      description: 'For teams, billed per seat.',
      unit_label: 'seat',
      prices: [
        {
          id: 'price_team_monthly',
          lookup_key: 'team_monthly',
          currency: 'usd',
          unit_amount: 1200,
          recurring: { interval: 'month' },
        },
        {
          id: 'price_team_yearly',
          lookup_key: 'team_yearly',
          currency: 'usd',
          unit_amount: 12000,
          recurring: { interval: 'year' },
        },
      ],
    },
    {
      id: 'prod_analytics',
      name: 'Advanced analytics',
      description: 'Dashboards and exports.',
      prices: [
        {
          lookup_key: 'analytics_monthly',
          currency: 'usd',
          unit_amount: 500,
          recurring: { interval: 'month' },
        },
        {
          lookup_key: 'analytics_yearly',
          currency: 'usd',
          unit_amount: 5000,
          recurring: { interval: 'year' },
        },
      ],
    },
  ],
  coupons: [
    {
      id: 'retention_25',
      name: '25% off for 3 months',
      percent_off: 25,
      duration: 'repeating',
      duration_in_months: 3,
    },
    { id: 'welcome_10', name: 'Welcome 10%', percent_off: 10, duration: 'once' },
  ],
  promotion_codes: [{ code: 'WELCOME10', coupon: 'welcome_10' }],
};

/** The Plankit plan config matching {@link seedCatalog}; pass it to definePlans(). */
export const planConfig: PlansInput = {
  plans: {
    starter: {
      prices: { month: 'starter_monthly', year: 'starter_yearly' },
      features: ['1 project', 'Community support'],
    },
    pro: {
      prices: { month: 'pro_monthly', year: 'pro_yearly' },
      features: ['Unlimited projects', 'Email support'],
      highlight: true,
      trialDays: 14,
      addOns: ['analytics'],
    },
    team: {
      prices: { month: 'team_monthly', year: 'team_yearly' },
      features: ['Everything in Pro', 'Shared workspaces'],
      seats: { min: 2, max: 50 },
      addOns: ['analytics'],
    },
  },
  addOns: {
    analytics: { prices: { month: 'analytics_monthly', year: 'analytics_yearly' } },
  },
};

/** The coupon the retention offer uses. */
export const retentionCouponId = 'retention_25';

/**
 * {@link seedCatalog} plus a portal configuration with every feature Plankit deep-links to: cancellation with
 * reasons at period end, plan switching over the three plans, payment method update, invoices. Stripe refuses portal
 * sessions until a configuration exists, so tests that open the portal start from this seed.
 */
export const seedWithPortal: EmulatorSeed = {
  ...seedCatalog,
  billing_portal_configuration: {
    features: {
      customer_update: { enabled: true, allowed_updates: ['email', 'address'] },
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true },
      subscription_cancel: {
        enabled: true,
        mode: 'at_period_end',
        cancellation_reason: {
          enabled: true,
          options: ['too_expensive', 'missing_features', 'switched_service', 'unused', 'other'],
        },
      },
      subscription_update: {
        enabled: true,
        default_allowed_updates: ['price', 'quantity'],
        // The prices customers may switch to (Stripe offers only what is listed); seats on the per-seat plan only.
        products: [
          { product: 'prod_starter', prices: ['price_starter_monthly', 'price_starter_yearly'] },
          { product: 'prod_pro', prices: ['price_pro_monthly', 'price_pro_yearly'] },
          {
            product: 'prod_team',
            prices: ['price_team_monthly', 'price_team_yearly'],
            adjustable_quantity: { enabled: true, minimum: 2, maximum: 50 },
          },
        ],
      },
    },
  },
};
