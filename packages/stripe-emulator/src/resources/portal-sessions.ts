import type Stripe from 'stripe';
import { refuseChange, updateBlocker } from '../billing/portal-update-rules.js';
import type { Engine } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import type { Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { invalidRequest, parameterMissing, StripeApiError } from '../wire/stripe-error.js';
import { portalLocales } from '../wire/stripe-locales.js';

type Flow = Stripe.BillingPortal.Session.Flow;

const FLOW_TYPES = [
  'customer_update',
  'payment_method_update',
  'subscription_cancel',
  'subscription_pause',
  'subscription_update',
  'subscription_update_confirm',
] as const;

const NO_DEFAULT =
  'No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.';

function ownedSubscription(engine: Engine, customer: string, id: string, param: string): Stripe.Subscription {
  const sub = engine.subscription(id, param);
  if (sub.customer !== customer) {
    throw invalidRequest(
      `The subscription \`${id}\` does not belong to the customer \`${customer}\`.`,
      param,
    );
  }
  return sub;
}

function requireFeature(enabled: boolean, flow: string, feature: string): void {
  if (!enabled) {
    throw invalidRequest(
      `The \`${flow}\` flow cannot be used because the \`${feature}\` feature is disabled in the portal configuration.`,
      'flow_data[type]',
    );
  }
}

/** Validates `flow_data` the way Stripe does and returns the session's `flow`. */
function readFlow(
  engine: Engine,
  data: Params,
  customer: string,
  config: Stripe.BillingPortal.Configuration,
): Flow {
  const type = data.enumOf('type', FLOW_TYPES);
  if (!type) throw parameterMissing('flow_data[type]');
  const ac = data.obj('after_completion');
  const acType =
    ac?.enumOf('type', ['hosted_confirmation', 'portal_homepage', 'redirect'] as const) ?? 'portal_homepage';
  if (ac && !ac.has('type')) throw parameterMissing('flow_data[after_completion][type]');
  let redirect: Stripe.BillingPortal.Session.Flow.AfterCompletion.Redirect | null = null;
  let hosted: Stripe.BillingPortal.Session.Flow.AfterCompletion.HostedConfirmation | null = null;
  if (acType === 'redirect') {
    const returnUrl = ac?.obj('redirect')?.url('return_url');
    if (!returnUrl) throw parameterMissing('flow_data[after_completion][redirect][return_url]');
    redirect = { return_url: returnUrl };
  }
  if (acType === 'hosted_confirmation') {
    hosted = { custom_message: ac?.obj('hosted_confirmation')?.nullableStr('custom_message') ?? null };
  }
  const flow: Flow = {
    after_completion: { type: acType, redirect, hosted_confirmation: hosted },
    customer_update: null,
    subscription_cancel: null,
    subscription_pause: null,
    subscription_update: null,
    subscription_update_confirm: null,
    type,
  };
  const f = config.features;
  if (type === 'subscription_cancel') {
    const block = data.obj('subscription_cancel');
    const subId = block?.nonEmptyStr('subscription');
    if (!subId) throw parameterMissing('flow_data[subscription_cancel][subscription]');
    requireFeature(f.subscription_cancel.enabled, type, 'subscription_cancel');
    const sub = ownedSubscription(engine, customer, subId, 'flow_data[subscription_cancel][subscription]');
    if (sub.status === 'canceled') {
      throw invalidRequest(
        'You cannot create a cancellation flow for a subscription that is already canceled.',
        'flow_data[subscription_cancel][subscription]',
      );
    }
    const retention = block?.obj('retention');
    let ret: Stripe.BillingPortal.Session.Flow.SubscriptionCancel.Retention | null = null;
    if (retention) {
      if (retention.str('type') !== 'coupon_offer')
        throw parameterMissing('flow_data[subscription_cancel][retention][type]');
      const coupon = retention.obj('coupon_offer')?.nonEmptyStr('coupon');
      if (!coupon) throw parameterMissing('flow_data[subscription_cancel][retention][coupon_offer][coupon]');
      engine.coupon(coupon, 'flow_data[subscription_cancel][retention][coupon_offer][coupon]');
      ret = { type: 'coupon_offer', coupon_offer: { coupon } };
    }
    flow.subscription_cancel = { subscription: subId, retention: ret };
  } else if (type === 'subscription_update') {
    const subId = data.obj('subscription_update')?.nonEmptyStr('subscription');
    if (!subId) throw parameterMissing('flow_data[subscription_update][subscription]');
    requireFeature(f.subscription_update.enabled, type, 'subscription_update');
    const param = 'flow_data[subscription_update][subscription]';
    const blocker = updateBlocker(ownedSubscription(engine, customer, subId, param));
    if (blocker) throw invalidRequest(blocker, param);
    flow.subscription_update = { subscription: subId };
  } else if (type === 'subscription_update_confirm') {
    const block = data.obj('subscription_update_confirm');
    const subId = block?.nonEmptyStr('subscription');
    if (!subId) throw parameterMissing('flow_data[subscription_update_confirm][subscription]');
    requireFeature(f.subscription_update.enabled, type, 'subscription_update');
    const subParam = 'flow_data[subscription_update_confirm][subscription]';
    const sub = ownedSubscription(engine, customer, subId, subParam);
    const blocker = updateBlocker(sub);
    if (blocker) throw invalidRequest(blocker, subParam);
    const items = block?.objList('items');
    if (!items || items.length === 0) throw parameterMissing('flow_data[subscription_update_confirm][items]');
    if (items.length > 1) {
      throw invalidRequest(
        'The customer portal can only update one subscription item at a time.',
        'flow_data[subscription_update_confirm][items]',
      );
    }
    const outItems = items.map((item) => {
      const id = item.nonEmptyStr('id');
      if (!id) throw parameterMissing(`${item.prefix}[id]`);
      if (!sub.items.data.some((i) => i.id === id)) {
        throw invalidRequest(`No such subscription item: '${id}'`, `${item.prefix}[id]`, 'resource_missing');
      }
      const price = item.nonEmptyStr('price') ?? null;
      if (price) engine.price(price, `${item.prefix}[price]`);
      const out: Stripe.BillingPortal.Session.Flow.SubscriptionUpdateConfirm.Item = { id, price };
      const quantity = item.int('quantity');
      if (quantity !== undefined) out.quantity = quantity;
      const refused = refuseChange(engine, config, sub, out);
      if (refused)
        throw invalidRequest(
          refused.message,
          `${item.prefix}[${refused.part === 'quantity' ? 'quantity' : 'price'}]`,
        );
      return out;
    });
    const discounts = block?.objList('discounts')?.map((d) => {
      const coupon = d.nonEmptyStr('coupon') ?? null;
      const promo = d.nonEmptyStr('promotion_code') ?? null;
      if (coupon) engine.coupon(coupon, `${d.prefix}[coupon]`);
      if (promo) engine.promotionCode(promo, `${d.prefix}[promotion_code]`);
      return { coupon, promotion_code: promo };
    });
    flow.subscription_update_confirm = { subscription: subId, items: outItems, discounts: discounts ?? null };
  } else if (type === 'subscription_pause') {
    const subId = data.obj('subscription_pause')?.nonEmptyStr('subscription');
    if (!subId) throw parameterMissing('flow_data[subscription_pause][subscription]');
    requireFeature(f.subscription_pause.enabled, type, 'subscription_pause');
    ownedSubscription(engine, customer, subId, 'flow_data[subscription_pause][subscription]');
    flow.subscription_pause = { subscription: subId };
  } else if (type === 'payment_method_update') {
    requireFeature(f.payment_method_update.enabled, type, 'payment_method_update');
  } else if (type === 'customer_update') {
    requireFeature(f.customer_update.enabled, type, 'customer_update');
    flow.customer_update = {};
  }
  return flow;
}

function createSession(engine: Engine, params: Params): Stripe.BillingPortal.Session {
  params.allowOnly(KNOWN_PARAMS['BillingPortal.SessionCreateParams']);
  const customerId = params.requiredStr('customer');
  const customer = engine.customer(customerId, 'customer');
  const configId = params.nonEmptyStr('configuration');
  let config: Stripe.BillingPortal.Configuration | undefined;
  if (configId) {
    config = engine.portalConfiguration(configId, 'configuration');
    if (!config.active) throw invalidRequest('The provided configuration is not active.', 'configuration');
  } else {
    config = Object.values(engine.state.portalConfigurations).find((c) => c.is_default && c.active);
    if (!config) throw new StripeApiError(400, 'invalid_request_error', NO_DEFAULT);
  }
  const flowData = params.obj('flow_data');
  const flow = flowData ? readFlow(engine, flowData, customer.id, config) : null;
  const returnUrl = params.url('return_url') ?? config.default_return_url ?? null;
  const id = newId('bps');
  const session: Stripe.BillingPortal.Session = {
    id,
    object: 'billing_portal.session',
    configuration: config.id,
    created: engine.now(),
    customer: customer.id,
    customer_account: null,
    flow,
    livemode: false,
    locale: params.enumOf('locale', portalLocales) ?? null,
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${engine.baseUrl}/p/session/${id}`,
  };
  engine.state.portalSessions[id] = session;
  engine.emit('billing_portal.session.created', session);
  return session;
}

export const portalSessionRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/billing_portal/sessions',
    handler: ({ engine, params }) => createSession(engine, params),
  },
];
