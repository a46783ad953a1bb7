import Stripe from 'stripe';
import { type RateLimitRetryOptions, withRateLimitRetries } from './rate-limit-retry';

/** Options of {@link createStripeClient}: the secret key plus any Stripe SDK option. */
export type StripeClientOptions = {
  secretKey: string | undefined;
  /**
   * Retries of a `429` (rate limited) response on top of the SDK's own retries, which skip 429s unless Stripe
   * sends `Stripe-Should-Retry: true`. Default: 2 retries, jittered backoff from 250 ms, at most 1 s each
   * (Stripe's Retry-After when it fits); `{ retries: 0 }` turns them off.
   */
  rateLimitRetries?: RateLimitRetryOptions;
  /**
   * Where the Stripe API is: the emulator's URL such as `http://127.0.0.1:12111`, instead of spelling out the SDK's
   * `host`, `port` and `protocol`. Default Stripe's. Refused with a live key (it would leave for another host).
   */
  apiUrl?: string | undefined;
} & Stripe.StripeConfig;

/** Plankit's defaults: retries with idempotency keys and a bounded wait, before a 503 is answered. */
export const defaultStripeConfig = { maxNetworkRetries: 2, timeout: 20_000 } as const;

/**
 * Checks a Stripe secret key and throws a plain-language error for a missing key, a publishable key, or a
 * live key outside production (so a dev machine or CI can never charge real cards).
 */
export function assertSecretKey(secretKey: string | undefined, nodeEnv = process.env.NODE_ENV): string {
  if (typeof secretKey !== 'string' || secretKey.trim() === '') {
    throw new Error(
      'Plankit: the Stripe secret key is missing. Set STRIPE_SECRET_KEY (sk_test_... while developing).',
    );
  }
  const key = secretKey.trim();
  if (key.startsWith('pk_')) {
    throw new Error(
      'Plankit: that is a publishable key (pk_...). The server needs the secret key (sk_... or a restricted rk_...).',
    );
  }
  if (!key.startsWith('sk_') && !key.startsWith('rk_')) {
    throw new Error('Plankit: the Stripe secret key must start with sk_ or rk_.');
  }
  if ((key.startsWith('sk_live_') || key.startsWith('rk_live_')) && nodeEnv !== 'production') {
    throw new Error(
      'Plankit: a live Stripe key is used while NODE_ENV is not "production". Use a test key (sk_test_...) outside production.',
    );
  }
  return key;
}

/** The SDK's `host`, `port` and `protocol` for an API URL such as `http://127.0.0.1:12111`. */
export function stripeApiLocation(apiUrl: string, secretKey: string): Stripe.StripeConfig {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`Plankit: the Stripe API URL "${apiUrl}" is not a URL such as http://127.0.0.1:12111.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search) {
    throw new Error(
      `Plankit: the Stripe API URL "${apiUrl}" must be an http(s) origin such as http://127.0.0.1:12111.`,
    );
  }
  if (/^(sk|rk)_live_/.test(secretKey) && url.hostname !== 'api.stripe.com') {
    throw new Error(
      'Plankit: a live Stripe key is only sent to api.stripe.com, not to another Stripe API URL.',
    );
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/** The SDK's own HTTP client for this runtime: node:http where it exists, else fetch (workers, edge). */
function platformHttpClient(config: Stripe.StripeConfig): Stripe.HttpClient {
  if (config.httpClient) return config.httpClient;
  try {
    return config.httpAgent ? Stripe.createNodeHttpClient(config.httpAgent) : Stripe.createNodeHttpClient();
  } catch {
    return Stripe.createFetchHttpClient();
  }
}

/**
 * Creates a Stripe client with the SDK's pinned API version, at least two network retries, a timeout, and
 * bounded retries of rate-limited (429) requests with the same idempotency key (the SDK alone answers most
 * 429s with an error at once). Fails fast on a missing, publishable or (outside production) live key.
 */
export function createStripeClient({
  secretKey,
  rateLimitRetries,
  apiUrl,
  ...config
}: StripeClientOptions): Stripe {
  const key = assertSecretKey(secretKey);
  return new Stripe(key, {
    ...defaultStripeConfig,
    ...(apiUrl ? stripeApiLocation(apiUrl, key) : {}),
    ...config,
    maxNetworkRetries: Math.max(defaultStripeConfig.maxNetworkRetries, config.maxNetworkRetries ?? 0),
    httpClient: withRateLimitRetries(platformHttpClient(config), rateLimitRetries),
  });
}
