import type Stripe from 'stripe';
import { updateSubscription } from '../billing/update-subscription.js';
import type { Engine } from '../engine.js';
import type { ParamObject } from '../wire/form.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { resourceMissing } from '../wire/stripe-error.js';

function findItem(engine: Engine, id: string): { sub: Stripe.Subscription; item: Stripe.SubscriptionItem } {
  for (const sub of Object.values(engine.state.subscriptions)) {
    const item = sub.items.data.find((i) => i.id === id);
    if (item) return { sub, item };
  }
  throw resourceMissing('subscription_item', id);
}

/** Item endpoints are expressed as subscription updates, so prorations and events stay in one place. */
function viaSubscription(engine: Engine, sub: Stripe.Subscription, item: ParamObject, params: Params): void {
  const raw: ParamObject = { items: [item] };
  for (const key of ['proration_behavior', 'proration_date', 'payment_behavior']) {
    const v = params.raw[key];
    if (v !== undefined) raw[key] = v;
  }
  updateSubscription(engine, sub, new Params(raw));
}

function pick(params: Params, keys: string[]): ParamObject {
  const out: ParamObject = {};
  for (const k of keys) if (params.raw[k] !== undefined) out[k] = params.raw[k];
  return out;
}

export const subscriptionItemRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/subscription_items',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.SubscriptionItemListParams);
      const sub = engine.subscription(params.requiredStr('subscription'), 'subscription');
      return paginate(
        sub.items.data.map((i) => engine.render(i)),
        params,
        url,
      );
    },
  },
  {
    method: 'POST',
    pattern: '/v1/subscription_items',
    handler: ({ engine, params }) => {
      params.allowOnly(KNOWN_PARAMS.SubscriptionItemCreateParams);
      const sub = engine.subscription(params.requiredStr('subscription'), 'subscription');
      const before = new Set(sub.items.data.map((i) => i.id));
      viaSubscription(engine, sub, pick(params, ['price', 'quantity', 'metadata']), params);
      return sub.items.data.find((i) => !before.has(i.id));
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscription_items/:id',
    handler: ({ engine, path }) => findItem(engine, path.id ?? '').item,
  },
  {
    method: 'POST',
    pattern: '/v1/subscription_items/:id',
    handler: ({ engine, path, params }) => {
      params.allowOnly(KNOWN_PARAMS.SubscriptionItemUpdateParams);
      const { sub } = findItem(engine, path.id ?? '');
      viaSubscription(
        engine,
        sub,
        { id: path.id ?? '', ...pick(params, ['price', 'quantity', 'metadata']) },
        params,
      );
      return findItem(engine, path.id ?? '').item;
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/subscription_items/:id',
    handler: ({ engine, path, params }) => {
      const { sub } = findItem(engine, path.id ?? '');
      viaSubscription(engine, sub, { id: path.id ?? '', deleted: 'true' }, params);
      const deleted: Stripe.DeletedSubscriptionItem = {
        id: path.id ?? '',
        object: 'subscription_item',
        deleted: true,
      };
      return deleted;
    },
  },
];
