import type Stripe from 'stripe';
import { type Engine, newestFirst } from '../engine.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import type { Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { invalidRequest, resourceMissing } from '../wire/stripe-error.js';

/** Stripe lists and retrieves events of the last 30 days only (on the emulator's clock here). */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;
/** Stripe's limit on `types`. */
const MAX_TYPES = 20;
const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const;

/** Stripe's `type` filter accepts `*` wildcards such as `customer.subscription.*`. */
function typeMatcher(pattern: string): (type: string) => boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (type) => re.test(type);
}

/** Whether the event is still kept (created within the last 30 days of emulator time). */
function retained(engine: Engine, event: Stripe.Event): boolean {
  return event.created > engine.now() - EVENT_RETENTION_SECONDS;
}

/** `created`: an exact unix time or a range `{ gt, gte, lt, lte }` (other keys are Stripe's parameter_unknown). */
function createdFilter(params: Params): (created: number) => boolean {
  if (typeof params.raw.created === 'string') {
    const exact = params.int('created');
    return (created) => exact === undefined || created === exact;
  }
  const range = params.obj('created')?.allowOnly(RANGE_KEYS);
  const gt = range?.int('gt');
  const gte = range?.int('gte');
  const lt = range?.int('lt');
  const lte = range?.int('lte');
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}

function typeFilter(params: Params): (type: string) => boolean {
  const type = params.str('type');
  const types = params.strList('types');
  if (type !== undefined && types !== undefined) {
    throw invalidRequest('You may pass either `type` or `types`, but not both.', 'types');
  }
  if (types && types.length > MAX_TYPES) {
    throw invalidRequest(`You may pass at most ${MAX_TYPES} event types in \`types\`.`, 'types');
  }
  if (types) return (t) => types.includes(t);
  return type ? typeMatcher(type) : () => true;
}

export const eventRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/events/:id',
    handler: ({ engine, path }) => {
      const event = engine.state.events[path.id ?? ''];
      if (!event || !retained(engine, event)) throw resourceMissing('event', path.id ?? '');
      return event;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/events',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.EventListParams);
      const matchType = typeFilter(params);
      const matchCreated = createdFilter(params);
      // true: every endpoint got it (pending_webhooks 0); false: still pending or failed at some endpoint.
      const delivered = params.bool('delivery_success');
      const items = newestFirst(engine.state.events).filter(
        (e) =>
          retained(engine, e) &&
          matchType(e.type) &&
          matchCreated(e.created) &&
          (delivered === undefined || (e.pending_webhooks === 0) === delivered),
      );
      return paginate(items, params, url);
    },
  },
];
