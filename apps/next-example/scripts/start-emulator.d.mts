import type { Emulator } from '@plankit/stripe-emulator';

export function startExampleEmulator(options: { port?: number; webhookUrl: string }): Promise<{
  emulator: Emulator;
  env: { STRIPE_SECRET_KEY: string; STRIPE_API_URL: string; STRIPE_WEBHOOK_SECRET: string };
}>;
