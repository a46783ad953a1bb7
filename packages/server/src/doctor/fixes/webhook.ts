import type Stripe from 'stripe';
import { missingWebhookEvents } from '../checks/webhook';
import { clientApiVersion } from '../webhook-endpoint';
import { requiredWebhookEvents } from '../webhook-events';

type EnabledEvent = Stripe.WebhookEndpointCreateParams.EnabledEvent;
type ApiVersion = NonNullable<Stripe.WebhookEndpointCreateParams['api_version']>;

/**
 * Creates the webhook endpoint for `url` (in the client's API version, returning its signing secret, which
 * Stripe reveals only now), or re-enables an existing one and adds the events it lacks.
 */
export async function fixWebhookEndpoint(
  stripe: Stripe,
  url: string,
  existing: Stripe.WebhookEndpoint | null,
): Promise<Stripe.WebhookEndpoint> {
  if (!existing) {
    const apiVersion = clientApiVersion(stripe);
    return stripe.webhookEndpoints.create({
      url,
      enabled_events: [...requiredWebhookEvents],
      description: 'Plankit billing webhook (created by plankit doctor --fix)',
      ...(apiVersion ? { api_version: apiVersion as ApiVersion } : {}),
    });
  }
  const missing = missingWebhookEvents(existing);
  return stripe.webhookEndpoints.update(existing.id, {
    ...(existing.status === 'enabled' ? {} : { disabled: false }),
    ...(missing.length > 0
      ? { enabled_events: [...existing.enabled_events, ...missing] as EnabledEvent[] }
      : {}),
  });
}
