import { readFile } from 'node:fs/promises';
import { startEmulator } from '@plankit/stripe-emulator';
import Stripe from 'stripe';

/**
 * Starts the Stripe emulator with the example's catalog (and its portal settings, as saved in a Dashboard) and
 * registers the app's webhook endpoint, as `stripe listen` would. Returns the environment for the app.
 * @param {{ port?: number; webhookUrl: string }} options
 */
export async function startExampleEmulator({ port = 12111, webhookUrl }) {
  const seed = JSON.parse(await readFile(new URL('./emulator-seed.json', import.meta.url), 'utf8'));
  const emulator = await startEmulator({ port, seed });
  const stripe = new Stripe(emulator.secretKey, emulator.stripeConfig);
  const endpoint = await stripe.webhookEndpoints.create({ url: webhookUrl, enabled_events: ['*'] });
  return {
    emulator,
    env: {
      STRIPE_SECRET_KEY: emulator.secretKey,
      STRIPE_API_URL: emulator.url,
      STRIPE_WEBHOOK_SECRET: endpoint.secret ?? '',
    },
  };
}
