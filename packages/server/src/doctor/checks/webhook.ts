import type Stripe from 'stripe';
import type { DoctorFinding } from '../types';
import { requiredWebhookEvents } from '../webhook-events';

const fixHint =
  'Run `plankit doctor --fix --webhook-url <url>`, or edit the endpoint in Dashboard > Developers > Webhooks.';

/** Whether `url` can be a webhook URL: absolute http(s). */
export function isWebhookUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/** The events Plankit needs that the endpoint does not receive. */
export function missingWebhookEvents(endpoint: Stripe.WebhookEndpoint): string[] {
  if (endpoint.enabled_events.includes('*')) return [];
  return requiredWebhookEvents.filter((event) => !endpoint.enabled_events.includes(event));
}

/**
 * Checks that a webhook endpoint delivers to the app's webhook route, is enabled, receives every event Plankit
 * handles, and sends payloads in the API version the server's client reads.
 */
export function checkWebhook(
  webhookUrl: string | undefined,
  endpoint: Stripe.WebhookEndpoint | null,
  apiVersion: string | null,
): DoctorFinding[] {
  if (webhookUrl === undefined) {
    return [
      {
        id: 'webhook',
        level: 'warning',
        message: 'The webhook endpoint was not checked: no webhook URL given.',
        hint: 'Pass --webhook-url https://your.app/api/billing/webhook (or webhookUrl) to check it.',
      },
    ];
  }
  if (!isWebhookUrl(webhookUrl)) {
    return [
      {
        id: 'webhook',
        level: 'error',
        message: `"${webhookUrl}" is not an absolute http(s) URL.`,
        hint: 'Give the full URL of the webhook route, for example https://your.app/api/billing/webhook.',
      },
    ];
  }
  if (!endpoint) {
    return [
      {
        id: 'webhook.endpoint',
        level: 'error',
        message: `No webhook endpoint sends events to ${webhookUrl}: subscriptions, payments and cancellation reasons never reach the app.`,
        hint: fixHint,
      },
    ];
  }
  const problems: DoctorFinding[] = [];
  if (endpoint.status !== 'enabled') {
    problems.push({
      id: 'webhook.status',
      level: 'error',
      message: `Webhook endpoint ${endpoint.id} for ${webhookUrl} is ${endpoint.status}.`,
      hint: fixHint,
    });
  }
  const missing = missingWebhookEvents(endpoint);
  if (missing.length > 0) {
    problems.push({
      id: 'webhook.events',
      level: 'error',
      message: `Webhook endpoint ${endpoint.id} does not receive ${missing.join(', ')}.`,
      hint: fixHint,
    });
  }
  if (endpoint.api_version && apiVersion && endpoint.api_version !== apiVersion) {
    problems.push({
      id: 'webhook.api-version',
      level: 'warning',
      message: `Webhook endpoint ${endpoint.id} sends events in API version ${endpoint.api_version}, but the server's Stripe client uses ${apiVersion}; payload fields may differ.`,
      hint: 'Create a new endpoint with the matching API version and remove the old one.',
    });
  }
  if (problems.length > 0) return problems;
  return [
    {
      id: 'webhook',
      level: 'ok',
      message: `Webhook endpoint ${endpoint.id} delivers the ${requiredWebhookEvents.length} events Plankit needs to ${webhookUrl}.`,
    },
  ];
}
