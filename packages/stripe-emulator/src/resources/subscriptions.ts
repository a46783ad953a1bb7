import type Stripe from 'stripe';
import { FEEDBACK } from '../billing/cancellation.js';
import { readDiscountParams } from '../billing/discounts.js';
import { recurringPrice, validateItemSet } from '../billing/items.js';
import { cancelNow, type PaymentBehavior, resumePaused, startSubscription } from '../billing/lifecycle.js';
import { updateSubscription } from '../billing/update-subscription.js';
import { type Engine, newestFirst } from '../engine.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { search } from '../wire/search.js';
import { invalidRequest, parameterMissing } from '../wire/stripe-error.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';

const STATUSES = [
  'active',
  'all',
  'canceled',
  'ended',
  'incomplete',
  'incomplete_expired',
  'past_due',
  'paused',
  'trialing',
  'unpaid',
] as const;

function createSubscription(engine: Engine, params: Params): Stripe.Subscription {
  params.allowOnly(KNOWN_PARAMS.SubscriptionCreateParams);
  const customerId = params.requiredStr('customer');
  const customer = engine.customer(customerId, 'customer');
  const itemParams = params.objList('items');
  if (!itemParams || itemParams.length === 0) throw parameterMissing('items');
  const items = itemParams.map((p) => {
    const priceId = p.nonEmptyStr('price') ?? p.nonEmptyStr('plan');
    if (!priceId) throw parameterMissing(`${p.prefix}[price]`);
    const quantity = p.int('quantity') ?? 1;
    if (quantity < 0)
      throw invalidRequest('Invalid quantity: must be a non-negative integer.', `${p.prefix}[quantity]`);
    return {
      price: recurringPrice(engine, priceId, `${p.prefix}[price]`),
      quantity,
      metadata: mergeMetadata({}, p.metadata()),
    };
  });
  validateItemSet(items.map((i) => i.price));
  const now = engine.now();
  let trialEnd: number | null = null;
  const trialRaw = params.str('trial_end');
  if (trialRaw === 'now') trialEnd = null;
  else if (trialRaw !== undefined) {
    trialEnd = params.int('trial_end') ?? null;
    if (trialEnd !== null && trialEnd <= now) {
      throw invalidRequest(
        'Invalid timestamp: must be an integer Unix timestamp in the future.',
        'trial_end',
      );
    }
  }
  const trialDays = params.int('trial_period_days');
  if (trialDays !== undefined && trialRaw !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: trial_end, trial_period_days.',
      'trial_end',
    );
  }
  if (trialDays !== undefined && trialDays > 0) trialEnd = now + trialDays * 86_400;
  // A price's own trial_period_days only applies with trial_from_plan (Stripe ignores it otherwise).
  if (trialEnd === null && params.bool('trial_from_plan')) {
    const days = items[0]?.price.recurring?.trial_period_days;
    if (days) trialEnd = now + days * 86_400;
  }
  let defaultPm: string | null = null;
  const pmRef = params.nonEmptyStr('default_payment_method');
  if (pmRef) {
    const pm = resolvePaymentMethod(engine, pmRef, 'default_payment_method');
    if (pm.customer === null && pmRef.startsWith('pm_card_'))
      attachPaymentMethod(engine, pm, customer.id, 'default_payment_method');
    if (pm.customer !== customer.id) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${pmRef}. The payment method must be attached to the customer.`,
        'default_payment_method',
        'resource_missing',
      );
    }
    defaultPm = pm.id;
  }
  const discounts = readDiscountParams(engine, params.objList('discounts'), customer.id);
  const cancelAtRaw = params.str('cancel_at');
  const trialSettings = params.obj('trial_settings')?.obj('end_behavior');
  const { subscription } = startSubscription(engine, {
    customer,
    items,
    trialEnd,
    metadata: mergeMetadata({}, params.metadata()),
    description: params.nullableStr('description') ?? null,
    discounts,
    defaultPaymentMethod: defaultPm,
    paymentBehavior: (params.enumOf('payment_behavior', [
      'allow_incomplete',
      'default_incomplete',
      'error_if_incomplete',
      'pending_if_incomplete',
    ] as const) ?? 'allow_incomplete') as PaymentBehavior,
    cancelAtPeriodEnd: params.bool('cancel_at_period_end') ?? false,
    cancelAt: cancelAtRaw && /^\d+$/.test(cancelAtRaw) ? Number(cancelAtRaw) : null,
    collectionMethod:
      params.enumOf('collection_method', ['charge_automatically', 'send_invoice'] as const) ??
      'charge_automatically',
    daysUntilDue: params.int('days_until_due') ?? null,
    missingPaymentMethod:
      trialSettings?.enumOf('missing_payment_method', ['cancel', 'create_invoice', 'pause'] as const) ??
      'create_invoice',
    onSession: false,
  });
  return subscription;
}

function cancelSubscription(engine: Engine, id: string, params: Params): Stripe.Subscription {
  params.allowOnly(KNOWN_PARAMS.SubscriptionCancelParams);
  const sub = engine.subscription(id);
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired') {
    throw invalidRequest(
      `A canceled subscription can only update its cancellation_details and metadata.`,
      undefined,
      'subscription_canceled',
    );
  }
  const details = params.obj('cancellation_details');
  const feedback = details?.enumOf('feedback', FEEDBACK);
  const comment = details?.nullableStr('comment');
  const input: Partial<Stripe.Subscription.CancellationDetails> = { reason: 'cancellation_requested' };
  if (feedback) input.feedback = feedback;
  if (comment) input.comment = comment;
  cancelNow(engine, sub, input);
  return sub;
}

function resumeSubscription(engine: Engine, id: string, params: Params): Stripe.Subscription {
  params.allowOnly(KNOWN_PARAMS.SubscriptionResumeParams);
  const sub = engine.subscription(id);
  if (sub.status !== 'paused') {
    throw invalidRequest('Subscription is not paused. Only subscriptions with status=paused can be resumed.');
  }
  resumePaused(engine, sub);
  return sub;
}

export function listSubscriptions(engine: Engine, params: Params): Stripe.Subscription[] {
  const customer = params.str('customer');
  const status = params.enumOf('status', STATUSES);
  const price = params.str('price') ?? params.str('plan');
  return newestFirst(engine.state.subscriptions).filter((s) => {
    if (customer && s.customer !== customer) return false;
    if (price && !s.items.data.some((i) => i.price.id === price)) return false;
    if (status === 'all') return true;
    if (status === 'ended') return s.status === 'canceled' || s.status === 'incomplete_expired';
    if (status) return s.status === status;
    // Stripe's default list leaves out canceled subscriptions.
    return s.status !== 'canceled';
  });
}

export const subscriptionRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/subscriptions',
    // error_if_incomplete: a failed first payment leaves nothing behind (no subscription, invoice,
    // attached test card or event), as Stripe's 402 does.
    handler: ({ engine, params }) =>
      params.str('payment_behavior') === 'error_if_incomplete'
        ? engine.atomically(() => createSubscription(engine, params))
        : createSubscription(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/subscriptions/search',
    handler: ({ engine, params, url }) =>
      search(
        engine,
        newestFirst(engine.state.subscriptions),
        params,
        url,
        ['status', 'created', 'canceled_at'],
        (s, f) =>
          f === 'status'
            ? s.status
            : f === 'created'
              ? s.created
              : f === 'canceled_at'
                ? s.canceled_at
                : null,
      ),
  },
  {
    method: 'GET',
    pattern: '/v1/subscriptions/:id',
    handler: ({ engine, path }) => engine.subscription(path.id ?? ''),
  },
  {
    method: 'POST',
    pattern: '/v1/subscriptions/:id',
    handler: ({ engine, path, params }) => {
      params.allowOnly(KNOWN_PARAMS.SubscriptionUpdateParams);
      return updateSubscription(engine, engine.subscription(path.id ?? ''), params);
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/subscriptions/:id',
    handler: ({ engine, path, params }) => cancelSubscription(engine, path.id ?? '', params),
  },
  {
    method: 'POST',
    pattern: '/v1/subscriptions/:id/resume',
    handler: ({ engine, path, params }) => resumeSubscription(engine, path.id ?? '', params),
  },
  {
    method: 'DELETE',
    pattern: '/v1/subscriptions/:id/discount',
    handler: ({ engine, path }) => {
      const sub = engine.subscription(path.id ?? '');
      const id = (sub.discounts as string[])[0];
      const discount = id ? engine.state.discounts[id] : undefined;
      if (!discount) throw invalidRequest('This subscription has no discount to delete.');
      const previous = { discounts: [...sub.discounts] };
      sub.discounts = (sub.discounts as string[]).filter((d) => d !== id);
      engine.emit('customer.subscription.updated', sub, previous);
      const deleted: Stripe.DeletedDiscount = { ...discount, deleted: true };
      return deleted;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/subscriptions',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.SubscriptionListParams);
      return paginate(listSubscriptions(engine, params), params, url);
    },
  },
];
