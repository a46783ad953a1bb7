import { createStripeClient } from '@plankit/server';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { seedCatalog } from '@plankit/test-utils';
import type Stripe from 'stripe';

/** The Stripe the demo talks to: the embedded emulator, or a Stripe test account. */
export interface StripeBackend {
  kind: 'emulator' | 'stripe-test-mode';
  stripe: Stripe;
  secretKey: string;
  /** Set on the emulator; on Stripe test mode it comes from STRIPE_WEBHOOK_SECRET. */
  webhookSecret: string | null;
  emulator: Emulator | null;
  close(): Promise<void>;
}

/**
 * Starts the emulator in-process with the seeded catalog and registers the demo's webhook endpoint.
 * `webhookDeliveryDelayMs` holds every delivery back (tests of the return page: the API answers at once).
 */
export async function startEmulatorBackend(
  webhookUrl: string,
  options: { webhookDeliveryDelayMs?: number } = {},
): Promise<StripeBackend> {
  const emulator = await startEmulator({ port: 0, seed: seedCatalog, ...options });
  // Plankit's client settings (retries, timeout), pointed at the emulator.
  const stripe = createStripeClient({ secretKey: emulator.secretKey, ...emulator.stripeConfig });
  // Created through the SDK, exactly as against Stripe: the answer carries the signing secret.
  const endpoint = await stripe.webhookEndpoints.create({ url: webhookUrl, enabled_events: ['*'] });
  return {
    kind: 'emulator',
    stripe,
    secretKey: emulator.secretKey,
    webhookSecret: endpoint.secret ?? null,
    emulator,
    close: () => emulator.close(),
  };
}

/**
 * Stripe test mode, from STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (for example from
 * `stripe listen --forward-to http://127.0.0.1:5173/api/billing/webhook`). Refuses live and publishable keys.
 */
export function stripeTestModeBackend(env: NodeJS.ProcessEnv = process.env): StripeBackend {
  const secretKey = env.STRIPE_SECRET_KEY ?? '';
  if (!/^(sk|rk)_test_/.test(secretKey)) {
    throw new Error(
      'STRIPE_SECRET_KEY must be a test-mode secret key (sk_test_...); the demo never uses live keys.',
    );
  }
  return {
    kind: 'stripe-test-mode',
    stripe: createStripeClient({ secretKey }),
    secretKey,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? null,
    emulator: null,
    close: async () => {},
  };
}
