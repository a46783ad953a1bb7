import { readFileSync } from 'node:fs';
import type Stripe from 'stripe';
import type { Engine } from './engine.js';
import { createCoupon, createPromotionCode } from './resources/coupons.js';
import { createPortalConfiguration, REASONS } from './resources/portal-configurations.js';
import { createPrice } from './resources/prices.js';
import { createProduct } from './resources/products.js';
import { createWebhookEndpoint } from './resources/webhook-endpoints.js';
import type { Param, ParamObject } from './wire/form.js';
import { Params } from './wire/params.js';
import { invalidRequest } from './wire/stripe-error.js';

/** A catalog to load at start-up or through `loadSeed` / `POST /_emulator/seed`. Every part is optional. */
export interface EmulatorSeed {
  products?: Array<{
    id?: string;
    name: string;
    description?: string;
    images?: string[];
    unit_label?: string;
    tax_code?: string;
    statement_descriptor?: string;
    metadata?: Record<string, string>;
    prices?: Array<{
      id?: string;
      lookup_key?: string;
      currency: string;
      unit_amount: number;
      recurring?: { interval: 'day' | 'week' | 'month' | 'year'; interval_count?: number };
      metadata?: Record<string, string>;
    }>;
  }>;
  coupons?: Array<{
    id?: string;
    name?: string;
    percent_off?: number;
    amount_off?: number;
    currency?: string;
    duration: 'once' | 'repeating' | 'forever';
    duration_in_months?: number;
  }>;
  promotion_codes?: Array<{ code: string; coupon: string }>;
  webhook_endpoints?: Array<{ url: string; enabled_events: string[]; secret?: string }>;
  /** The account's name and brand colour (Stripe's Account shape), shown on the hosted pages. */
  account?: {
    business_profile?: { name?: string };
    settings?: { branding?: { primary_color?: string } };
  };
  /**
   * Becomes the account's default portal configuration (`is_default: true`, id {@link defaultPortalConfigurationId}).
   * `true` saves the settings a Dashboard shows before any change ({@link dashboardPortalDefaults}).
   */
  billing_portal_configuration?: Stripe.BillingPortal.ConfigurationCreateParams | true;
}

/** The id of the seeded default portal configuration: the same after every restart, reset and re-seed. */
export const defaultPortalConfigurationId = 'bpc_emulator_default';

/**
 * What saving the Dashboard's portal settings untouched creates: invoices, card updates, email and address edits,
 * cancellation at period end with the reason survey. Plan switching stays off (it needs products chosen).
 */
export const dashboardPortalDefaults: Stripe.BillingPortal.ConfigurationCreateParams = {
  features: {
    customer_update: { enabled: true, allowed_updates: ['email', 'address'] },
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: {
      enabled: true,
      mode: 'at_period_end',
      cancellation_reason: {
        enabled: true,
        options: [...REASONS],
      },
    },
  },
};

/** Turns a JSON value into form params, as if the SDK had sent it. */
export function toParams(value: unknown): ParamObject {
  return convert(value) as ParamObject;
}

function convert(value: unknown): Param {
  if (Array.isArray(value)) return value.map(convert);
  if (value && typeof value === 'object') {
    const out: ParamObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = convert(v);
    return out;
  }
  return value === null ? '' : String(value);
}

export function readSeed(seed: EmulatorSeed | string): EmulatorSeed {
  return typeof seed === 'string' ? (JSON.parse(readFileSync(seed, 'utf8')) as EmulatorSeed) : seed;
}

function applyAccount(engine: Engine, account: NonNullable<EmulatorSeed['account']>): void {
  const name = account.business_profile?.name;
  const colour = account.settings?.branding?.primary_color;
  if (colour !== undefined && !/^#[0-9a-fA-F]{6}$/.test(colour)) {
    throw invalidRequest(
      'Invalid settings[branding][primary_color]: use a hex colour such as #0a7d55.',
      'settings[branding][primary_color]',
    );
  }
  if (name !== undefined) engine.state.account.business_name = name;
  if (colour !== undefined) engine.state.account.primary_color = colour.toLowerCase();
}

/** Loads a seed through the same code paths as the API (so ids, events and validation match). */
export function applySeed(engine: Engine, seed: EmulatorSeed): void {
  for (const product of seed.products ?? []) {
    const { prices, ...productParams } = product;
    const existing = product.id ? engine.state.products[product.id] : undefined;
    const created = existing ?? createProduct(engine, new Params(toParams(productParams)));
    for (const price of prices ?? []) {
      if (price.id && engine.state.prices[price.id]) continue;
      const { id, ...priceParams } = price;
      const p = createPrice(
        engine,
        new Params(toParams({ ...priceParams, product: created.id })),
        undefined,
        id,
      );
      if (!created.default_price) created.default_price = p.id;
    }
  }
  for (const coupon of seed.coupons ?? []) {
    if (coupon.id && engine.state.coupons[coupon.id]) continue;
    createCoupon(engine, new Params(toParams(coupon)));
  }
  for (const promo of seed.promotion_codes ?? []) {
    if (Object.values(engine.state.promotionCodes).some((p) => p.code === promo.code)) continue;
    createPromotionCode(
      engine,
      new Params(toParams({ code: promo.code, promotion: { type: 'coupon', coupon: promo.coupon } })),
    );
  }
  for (const endpoint of seed.webhook_endpoints ?? []) {
    const { secret, ...rest } = endpoint;
    createWebhookEndpoint(engine, new Params(toParams(rest)), secret);
  }
  if (seed.account) applyAccount(engine, seed.account);
  const portal = seed.billing_portal_configuration;
  if (portal) {
    // A later seed replaces the seeded default under the same id, as saving the settings again would.
    delete engine.state.portalConfigurations[defaultPortalConfigurationId];
    const params = portal === true ? dashboardPortalDefaults : portal;
    createPortalConfiguration(engine, new Params(toParams(params)), true, defaultPortalConfigurationId);
  }
}
