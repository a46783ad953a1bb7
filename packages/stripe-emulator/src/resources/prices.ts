import type Stripe from 'stripe';
import { type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { search } from '../wire/search.js';
import { invalidRequest, parameterMissing } from '../wire/stripe-error.js';
import { readPriceAmounts } from './price-amounts.js';
import { createProduct } from './products.js';

const INTERVALS = ['day', 'week', 'month', 'year'] as const;

/** The wire carries decimals as strings; the SDK coerces them into its Decimal type on read. */
export function decimalString(n: number): Stripe.Decimal {
  return String(n) as unknown as Stripe.Decimal;
}

/**
 * Creates a price. `forProduct` is set for `product.default_price_data`, where the product is implied.
 * Stripe rejects a lookup_key already in use unless `transfer_lookup_key` moves it.
 */
export function createPrice(
  engine: Engine,
  params: Params,
  forProduct?: string,
  fixedId?: string,
): Stripe.Price {
  if (!forProduct) params.allowOnly(KNOWN_PARAMS.PriceCreateParams);
  const currency = params.requiredStr('currency').toLowerCase();
  let productId = forProduct ?? params.nonEmptyStr('product');
  const productData = params.obj('product_data');
  if (!productId && productData) productId = createProduct(engine, productData).id;
  if (!productId) throw parameterMissing('product');
  engine.product(productId, 'product');
  const amounts = readPriceAmounts(params);
  const amount = amounts.scheme === 'per_unit' ? amounts.unitAmount : null;
  const recurringParams = params.obj('recurring');
  let recurring: Stripe.Price.Recurring | null = null;
  if (recurringParams) {
    const interval = recurringParams.enumOf('interval', INTERVALS);
    if (!interval) throw parameterMissing('recurring[interval]');
    const count = recurringParams.int('interval_count') ?? 1;
    const maxByInterval = { day: 1095, week: 156, month: 36, year: 3 } as const;
    if (count < 1 || count > maxByInterval[interval]) {
      throw invalidRequest(
        `Invalid recurring[interval_count]: the maximum billing frequency is three years (${maxByInterval[interval]} ${interval}s).`,
        'recurring[interval_count]',
      );
    }
    recurring = {
      interval,
      interval_count: count,
      meter: null,
      trial_period_days: recurringParams.int('trial_period_days') ?? null,
      usage_type: 'licensed',
    };
  }
  const lookupKey = params.nullableStr('lookup_key') ?? null;
  if (lookupKey) claimLookupKey(engine, lookupKey, params.bool('transfer_lookup_key') ?? false);
  const price: Stripe.Price = {
    // Stripe has no custom price ids; seeds may fix one so catalogs stay stable across runs.
    id: fixedId ?? newId('price'),
    object: 'price',
    active: params.bool('active') ?? true,
    billing_scheme: amounts.scheme,
    created: engine.now(),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey,
    metadata: mergeMetadata({}, params.metadata()),
    nickname: params.nullableStr('nickname') ?? null,
    product: productId,
    recurring,
    tax_behavior: params.enumOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified']) ?? 'unspecified',
    tiers_mode: amounts.scheme === 'tiered' ? amounts.tiersMode : null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: amount,
    unit_amount_decimal: amount === null ? null : decimalString(amount),
  };
  engine.state.prices[price.id] = price;
  engine.emit('price.created', price);
  return price;
}

function claimLookupKey(engine: Engine, key: string, transfer: boolean, except?: string): void {
  const holder = Object.values(engine.state.prices).find((p) => p.lookup_key === key && p.id !== except);
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(
      `A price (\`${holder.id}\`) already uses that lookup key.`,
      'lookup_key',
      'lookup_key_already_in_use',
    );
  }
  holder.lookup_key = null;
}

function updatePrice(engine: Engine, id: string, params: Params): Stripe.Price {
  params.allowOnly(KNOWN_PARAMS.PriceUpdateParams);
  const price = engine.price(id);
  const previous: Record<string, unknown> = {};
  const active = params.bool('active');
  if (active !== undefined && active !== price.active) {
    previous.active = price.active;
    price.active = active;
  }
  if (params.has('lookup_key')) {
    const key = params.nullableStr('lookup_key') ?? null;
    if (key) claimLookupKey(engine, key, params.bool('transfer_lookup_key') ?? false, price.id);
    if (key !== price.lookup_key) {
      previous.lookup_key = price.lookup_key;
      price.lookup_key = key;
    }
  }
  if (params.has('nickname')) {
    previous.nickname = price.nickname;
    price.nickname = params.nullableStr('nickname') ?? null;
  }
  if (params.has('metadata')) {
    previous.metadata = price.metadata;
    price.metadata = mergeMetadata(price.metadata, params.metadata());
  }
  if (Object.keys(previous).length) engine.emit('price.updated', price, previous);
  return price;
}

export const priceRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/prices', handler: ({ engine, params }) => createPrice(engine, params) },
  {
    method: 'GET',
    pattern: '/v1/prices/search',
    handler: ({ engine, params, url }) =>
      search(
        engine,
        newestFirst(engine.state.prices),
        params,
        url,
        ['active', 'currency', 'lookup_key', 'product', 'type', 'created'],
        (p, f) =>
          f === 'active' ? String(p.active) : (p as unknown as Record<string, string | number | null>)[f],
      ),
  },
  { method: 'GET', pattern: '/v1/prices/:id', handler: ({ engine, path }) => engine.price(path.id ?? '') },
  {
    method: 'POST',
    pattern: '/v1/prices/:id',
    handler: ({ engine, params, path }) => updatePrice(engine, path.id ?? '', params),
  },
  {
    method: 'GET',
    pattern: '/v1/prices',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.PriceListParams);
      const active = params.bool('active');
      const product = params.str('product');
      const currency = params.str('currency');
      const type = params.str('type');
      const lookupKeys = params.strList('lookup_keys');
      const interval = params.obj('recurring')?.str('interval');
      const items = newestFirst(engine.state.prices).filter(
        (p) =>
          (active === undefined || p.active === active) &&
          (!product || p.product === product) &&
          (!currency || p.currency === currency) &&
          (!type || p.type === type) &&
          (!lookupKeys || (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))) &&
          (!interval || p.recurring?.interval === interval),
      );
      return paginate(items, params, url);
    },
  },
];
