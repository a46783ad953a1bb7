import type Stripe from 'stripe';

/** Compares URLs the way Stripe stores them: parsed, so `HTTPS://App.example/x` equals `https://app.example/x`. */
export function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

/** Finds the webhook endpoint that delivers to `url`, preferring an enabled one. */
export async function loadWebhookEndpoint(
  stripe: Stripe,
  url: string,
): Promise<Stripe.WebhookEndpoint | null> {
  const matches: Stripe.WebhookEndpoint[] = [];
  await stripe.webhookEndpoints.list({ limit: 100 }).autoPagingEach((endpoint) => {
    if (sameUrl(endpoint.url, url)) matches.push(endpoint);
  });
  return matches.find((endpoint) => endpoint.status === 'enabled') ?? matches[0] ?? null;
}

/** The API version the Stripe client speaks, so event payloads parse like its responses. */
export function clientApiVersion(stripe: Stripe): string | null {
  const version: unknown = stripe.getApiField('version');
  return typeof version === 'string' && version !== '' ? version : null;
}
