import { newestFirst } from '../engine.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import type { Route } from '../wire/route.js';
import { resourceMissing } from '../wire/stripe-error.js';

/** Stripe's `type` filter accepts `*` wildcards such as `customer.subscription.*`. */
function typeMatcher(pattern: string): (type: string) => boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
  return (type) => re.test(type);
}

export const eventRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/events/:id',
    handler: ({ engine, path }) => {
      const event = engine.state.events[path.id ?? ''];
      if (!event) throw resourceMissing('event', path.id ?? '');
      return event;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/events',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.EventListParams);
      const type = params.str('type');
      const types = params.strList('types');
      const created = params.obj('created');
      const createdExact = created ? undefined : params.int('created');
      const gt = created?.int('gt');
      const gte = created?.int('gte');
      const lt = created?.int('lt');
      const lte = created?.int('lte');
      const matchType = type ? typeMatcher(type) : undefined;
      const items = newestFirst(engine.state.events).filter(
        (e) =>
          (!matchType || matchType(e.type)) &&
          (!types || types.includes(e.type)) &&
          (createdExact === undefined || e.created === createdExact) &&
          (gt === undefined || e.created > gt) &&
          (gte === undefined || e.created >= gte) &&
          (lt === undefined || e.created < lt) &&
          (lte === undefined || e.created <= lte),
      );
      return paginate(items, params, url);
    },
  },
];
