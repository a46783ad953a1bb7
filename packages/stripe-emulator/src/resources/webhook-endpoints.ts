import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import { API_VERSION, type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { invalidRequest, parameterMissing } from '../wire/stripe-error.js';

/** Creates an endpoint; the response (and only it) carries the signing `secret`, as in Stripe. */
export function createWebhookEndpoint(
  engine: Engine,
  params: Params,
  secret?: string,
): Stripe.WebhookEndpoint {
  params.allowOnly(KNOWN_PARAMS.WebhookEndpointCreateParams);
  const url = params.requiredStr('url');
  try {
    new URL(url);
  } catch {
    throw invalidRequest('Invalid URL: must be a valid URL', 'url', 'url_invalid');
  }
  const events = params.strList('enabled_events');
  if (!events || events.length === 0) throw parameterMissing('enabled_events');
  const endpoint: Stripe.WebhookEndpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: params.str('api_version') ?? API_VERSION,
    application: null,
    created: engine.now(),
    description: params.nullableStr('description') ?? null,
    enabled_events: events,
    livemode: false,
    metadata: mergeMetadata({}, params.metadata()),
    status: 'enabled',
    url,
  };
  const signingSecret = secret ?? `whsec_${randomBytes(24).toString('hex')}`;
  engine.state.webhookEndpoints[endpoint.id] = endpoint;
  engine.state.webhookSecrets[endpoint.id] = signingSecret;
  return { ...endpoint, secret: signingSecret };
}

export const webhookEndpointRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints',
    handler: ({ engine, params }) => createWebhookEndpoint(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints/:id',
    handler: ({ engine, path }) => engine.webhookEndpoint(path.id ?? ''),
  },
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints/:id',
    handler: ({ engine, path, params }) => {
      params.allowOnly(KNOWN_PARAMS.WebhookEndpointUpdateParams);
      const endpoint = engine.webhookEndpoint(path.id ?? '');
      const url = params.nonEmptyStr('url');
      if (url) endpoint.url = url;
      const events = params.strList('enabled_events');
      if (events) endpoint.enabled_events = events;
      const disabled = params.bool('disabled');
      if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
      if (params.has('description')) endpoint.description = params.nullableStr('description') ?? null;
      if (params.has('metadata')) endpoint.metadata = mergeMetadata(endpoint.metadata, params.metadata());
      return endpoint;
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/webhook_endpoints/:id',
    handler: ({ engine, path }) => {
      const endpoint = engine.webhookEndpoint(path.id ?? '');
      delete engine.state.webhookEndpoints[endpoint.id];
      delete engine.state.webhookSecrets[endpoint.id];
      const deleted: Stripe.DeletedWebhookEndpoint = {
        id: endpoint.id,
        object: 'webhook_endpoint',
        deleted: true,
      };
      return deleted;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints',
    handler: ({ engine, params, url }) => paginate(newestFirst(engine.state.webhookEndpoints), params, url),
  },
];
