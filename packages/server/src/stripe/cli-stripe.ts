import Stripe from 'stripe';
import { stripeApiLocation } from './create-stripe-client';

/** What a CLI command prints and the process exit code: 0 all good, 1 problems found, 2 usage or start-up problem. */
export interface CommandResult {
  code: 0 | 1 | 2;
  output: string;
}

/** The Stripe client of a CLI command: Stripe itself, or a running emulator. */
export function stripeFor(secretKey: string, emulator: string | undefined): Stripe {
  const location = emulator ? stripeApiLocation(emulator, secretKey) : {};
  return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 30_000, ...location });
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** https anywhere; plain http only to this machine. */
function isSafeEmulatorUrl(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && loopbackHosts.has(url.hostname);
}

/**
 * Why the secret key or `--emulator` value cannot be used (a message for exit code 2), or null. Checked before any
 * Stripe call: the secret key travels with every request.
 */
export function refuseStripeTarget(
  secretKey: string | undefined,
  emulator: string | undefined,
): string | null {
  if (!secretKey) return 'STRIPE_SECRET_KEY is not set: export your secret key (sk_test_...) first.';
  if (emulator === undefined) return null;
  if (!URL.canParse(emulator)) return `--emulator "${emulator}" is not a URL, e.g. http://127.0.0.1:12111.`;
  if (!isSafeEmulatorUrl(new URL(emulator))) {
    return `--emulator "${emulator}": plain http only to loopback (127.0.0.1, localhost, ::1), since the secret key goes with every request; use https for another host.`;
  }
  return null;
}
