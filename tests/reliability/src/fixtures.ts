import { definePlans } from '@plankit/core';
import type { EmulatorSeed } from '@plankit/stripe-emulator';
import { planConfig, seedCatalog } from '@plankit/test-utils';

/** The app's origin; every redirect must stay on it (or on the dev origin below). */
export const appOrigin = 'https://app.example.com';
export const devOrigin = 'http://localhost:5173';
export const allowedOrigins = [appOrigin, devOrigin] as const;

export const plans = definePlans(planConfig);

/** The shared test catalog plus a portal configuration with every feature the routes use. */
export const seed = {
  ...(seedCatalog as unknown as EmulatorSeed),
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
        products: ['prod_starter', 'prod_pro', 'prod_team'].map((product) => ({ product, prices: [] })),
      },
    },
  },
} as EmulatorSeed;
