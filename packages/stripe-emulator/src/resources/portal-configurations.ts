import type Stripe from 'stripe';
import { type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { invalidRequest, parameterMissing } from '../wire/stripe-error.js';

type Features = Stripe.BillingPortal.Configuration.Features;
type AllowedCustomerUpdate = Stripe.BillingPortal.Configuration.Features.CustomerUpdate.AllowedUpdate;
type ReasonOption = Stripe.BillingPortal.Configuration.Features.SubscriptionCancel.CancellationReason.Option;
type AllowedSubscriptionUpdate =
  Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.DefaultAllowedUpdate;

/** The cancellation reasons a portal survey may offer. */
export const REASONS = [
  'too_expensive',
  'missing_features',
  'switched_service',
  'unused',
  'customer_service',
  'too_complex',
  'low_quality',
  'other',
] as const;

/** Stripe's defaults for a feature block that was not sent. */
function defaultFeatures(): Features {
  return {
    customer_update: { allowed_updates: [], enabled: false },
    invoice_history: { enabled: false },
    payment_method_update: { enabled: false, payment_method_configuration: null },
    subscription_cancel: {
      cancellation_reason: { enabled: false, feedback_options: null, options: [] },
      enabled: false,
      mode: 'at_period_end',
      proration_behavior: 'none',
    },
    subscription_pause: { duration: { interval_options: [], type: 'indefinite' }, enabled: false },
    subscription_update: {
      billing_cycle_anchor: null,
      default_allowed_updates: [],
      enabled: false,
      products: [],
      proration_behavior: 'none',
      schedule_at_period_end: { conditions: [] },
      trial_update_behavior: 'end_trial',
    },
  };
}

function readFeatures(engine: Engine, f: Params, base: Features): Features {
  const out = structuredClone(base);
  const cu = f.obj('customer_update');
  if (cu) {
    out.customer_update = {
      enabled: cu.bool('enabled') ?? out.customer_update.enabled,
      allowed_updates: (cu.strList('allowed_updates') ??
        out.customer_update.allowed_updates) as AllowedCustomerUpdate[],
    };
  }
  const ih = f.obj('invoice_history');
  if (ih) out.invoice_history = { enabled: ih.bool('enabled') ?? out.invoice_history.enabled };
  const pmu = f.obj('payment_method_update');
  if (pmu)
    out.payment_method_update = { enabled: pmu.bool('enabled') ?? false, payment_method_configuration: null };
  const sc = f.obj('subscription_cancel');
  if (sc) {
    const reason = sc.obj('cancellation_reason');
    const options = reason?.strList('options');
    for (const [i, o] of (options ?? []).entries()) {
      if (!(REASONS as readonly string[]).includes(o)) {
        throw invalidRequest(
          `Invalid features[subscription_cancel][cancellation_reason][options][${i}]: must be one of ${REASONS.join(', ')}`,
          `features[subscription_cancel][cancellation_reason][options][${i}]`,
        );
      }
    }
    out.subscription_cancel = {
      enabled: sc.bool('enabled') ?? out.subscription_cancel.enabled,
      mode: sc.enumOf('mode', ['at_period_end', 'immediately'] as const) ?? out.subscription_cancel.mode,
      proration_behavior:
        sc.enumOf('proration_behavior', ['always_invoice', 'create_prorations', 'none'] as const) ??
        out.subscription_cancel.proration_behavior,
      cancellation_reason: reason
        ? {
            enabled: reason.bool('enabled') ?? false,
            feedback_options: null,
            options: (options ?? []) as ReasonOption[],
          }
        : out.subscription_cancel.cancellation_reason,
    };
  }
  const sp = f.obj('subscription_pause');
  if (sp) out.subscription_pause = { ...out.subscription_pause, enabled: sp.bool('enabled') ?? false };
  const su = f.obj('subscription_update');
  if (su) {
    const products = su.objList('products')?.map((p) => {
      const product = p.requiredStr('product');
      engine.product(product, `${p.prefix}[product]`);
      const prices = p.strList('prices') ?? [];
      // Stripe requires the prices a subscription may switch to; an empty list would offer nothing.
      if (prices.length === 0) throw parameterMissing(`${p.prefix}[prices]`);
      for (const [i, price] of prices.entries()) {
        const found = engine.price(price, `${p.prefix}[prices][${i}]`);
        if (found.product !== product) {
          throw invalidRequest(
            `The price ${price} does not belong to product ${product}.`,
            `${p.prefix}[prices][${i}]`,
          );
        }
      }
      const aq = p.obj('adjustable_quantity');
      return {
        product,
        prices,
        adjustable_quantity: {
          enabled: aq?.bool('enabled') ?? false,
          maximum: aq?.int('maximum') ?? null,
          minimum: aq?.int('minimum') ?? 1,
        },
      };
    });
    const enabled = su.bool('enabled') ?? out.subscription_update.enabled;
    const allowed = (su.strList('default_allowed_updates') ??
      out.subscription_update.default_allowed_updates) as AllowedSubscriptionUpdate[];
    const finalProducts = products ?? out.subscription_update.products ?? [];
    if (enabled && allowed.includes('price') && finalProducts.length === 0) {
      throw invalidRequest(
        'You must specify at least one product when `price` is included in `default_allowed_updates`.',
        'features[subscription_update][products]',
      );
    }
    out.subscription_update = {
      ...out.subscription_update,
      enabled,
      default_allowed_updates: allowed,
      products: finalProducts,
      proration_behavior:
        su.enumOf('proration_behavior', ['always_invoice', 'create_prorations', 'none'] as const) ??
        out.subscription_update.proration_behavior,
    };
  }
  return out;
}

/**
 * Creates a portal configuration; `isDefault` and a fixed `id` are only used by the seed (Stripe's default is
 * made in the Dashboard, and a seeded one keeps its id across restarts so apps can pin it).
 */
export function createPortalConfiguration(
  engine: Engine,
  params: Params,
  isDefault = false,
  id = newId('bpc'),
): Stripe.BillingPortal.Configuration {
  params.allowOnly(KNOWN_PARAMS['BillingPortal.ConfigurationCreateParams']);
  const features = readFeatures(engine, params.requiredObj('features'), defaultFeatures());
  const bp = params.obj('business_profile');
  const now = engine.now();
  if (isDefault) for (const c of Object.values(engine.state.portalConfigurations)) c.is_default = false;
  const config: Stripe.BillingPortal.Configuration = {
    id,
    object: 'billing_portal.configuration',
    active: true,
    application: null,
    business_profile: {
      headline: bp?.nullableStr('headline') ?? null,
      privacy_policy_url: bp?.nullableStr('privacy_policy_url') ?? null,
      terms_of_service_url: bp?.nullableStr('terms_of_service_url') ?? null,
    },
    created: now,
    default_return_url: params.url('default_return_url') ?? null,
    features,
    is_default: isDefault,
    livemode: false,
    login_page: {
      enabled: params.obj('login_page')?.bool('enabled') ?? false,
      url: params.obj('login_page')?.bool('enabled')
        ? `${engine.baseUrl}/p/login/${newId('', 12).slice(1)}`
        : null,
    },
    metadata: mergeMetadata({}, params.metadata()),
    name: params.nullableStr('name') ?? null,
    updated: now,
  };
  engine.state.portalConfigurations[config.id] = config;
  engine.emit('billing_portal.configuration.created', config);
  return config;
}

function updateConfiguration(engine: Engine, id: string, params: Params): Stripe.BillingPortal.Configuration {
  params.allowOnly(KNOWN_PARAMS['BillingPortal.ConfigurationUpdateParams']);
  const config = engine.portalConfiguration(id);
  const before = structuredClone(config);
  const features = params.obj('features');
  if (features) config.features = readFeatures(engine, features, config.features);
  const active = params.bool('active');
  if (active !== undefined) config.active = active;
  if (params.has('default_return_url')) config.default_return_url = params.url('default_return_url') ?? null;
  if (params.has('name')) config.name = params.nullableStr('name') ?? null;
  if (params.has('metadata')) config.metadata = mergeMetadata(config.metadata ?? {}, params.metadata());
  const bp = params.obj('business_profile');
  if (bp) {
    config.business_profile = {
      headline: bp.has('headline') ? (bp.nullableStr('headline') ?? null) : config.business_profile.headline,
      privacy_policy_url: bp.nullableStr('privacy_policy_url') ?? config.business_profile.privacy_policy_url,
      terms_of_service_url:
        bp.nullableStr('terms_of_service_url') ?? config.business_profile.terms_of_service_url,
    };
  }
  const login = params.obj('login_page');
  if (login) {
    const enabled = login.bool('enabled') ?? config.login_page.enabled;
    config.login_page = {
      enabled,
      url: enabled ? (config.login_page.url ?? `${engine.baseUrl}/p/login/${config.id}`) : null,
    };
  }
  config.updated = engine.now();
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(config) as Array<keyof typeof config>) {
    if (JSON.stringify(config[key]) !== JSON.stringify(before[key])) previous[key] = before[key];
  }
  engine.emit('billing_portal.configuration.updated', config, previous);
  return config;
}

export const portalConfigurationRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/billing_portal/configurations',
    handler: ({ engine, params }) => createPortalConfiguration(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/billing_portal/configurations/:id',
    handler: ({ engine, path }) => engine.portalConfiguration(path.id ?? ''),
  },
  {
    method: 'POST',
    pattern: '/v1/billing_portal/configurations/:id',
    handler: ({ engine, path, params }) => updateConfiguration(engine, path.id ?? '', params),
  },
  {
    method: 'GET',
    pattern: '/v1/billing_portal/configurations',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS['BillingPortal.ConfigurationListParams']);
      const active = params.bool('active');
      const isDefault = params.bool('is_default');
      const items = newestFirst(engine.state.portalConfigurations).filter(
        (c) =>
          (active === undefined || c.active === active) &&
          (isDefault === undefined || c.is_default === isDefault),
      );
      return paginate(items, params, url);
    },
  },
];
