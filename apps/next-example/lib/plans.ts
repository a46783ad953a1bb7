import { definePlans } from '@plankit/core';

/** The catalog: Stripe prices by lookup key (the emulator's seed in scripts/emulator-seed.json has the same keys). */
export const plans = definePlans({
  plans: {
    starter: {
      prices: { month: 'starter_monthly', year: 'starter_yearly' },
      features: ['1 project', 'Community support'],
    },
    pro: {
      prices: { month: 'pro_monthly', year: 'pro_yearly' },
      features: ['Unlimited projects', 'Email support'],
      highlight: true,
    },
  },
});
