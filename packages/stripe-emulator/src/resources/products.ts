import type Stripe from 'stripe';
import { type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { search } from '../wire/search.js';
import { invalidRequest } from '../wire/stripe-error.js';
import { createPrice } from './prices.js';

/** Creates a product from create params (also used by the seed loader through the same params). */
export function createProduct(engine: Engine, params: Params): Stripe.Product {
  params.allowOnly(KNOWN_PARAMS.ProductCreateParams);
  const name = params.requiredStr('name');
  const id = params.nonEmptyStr('id') ?? newId('prod', 14);
  if (engine.state.products[id]) {
    throw invalidRequest(`Product already exists.`, 'id', 'resource_already_exists');
  }
  const now = engine.now();
  const product: Stripe.Product = {
    id,
    object: 'product',
    active: params.bool('active') ?? true,
    created: now,
    default_price: null,
    description: params.nullableStr('description') ?? null,
    images: params.strList('images') ?? [],
    livemode: false,
    marketing_features: (params.objList('marketing_features') ?? []).map((f) => ({
      name: f.str('name') ?? '',
    })),
    metadata: mergeMetadata({}, params.metadata()),
    name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: params.nullableStr('statement_descriptor') ?? null,
    tax_code: params.nullableStr('tax_code') ?? null,
    tax_details: null,
    type: 'service',
    unit_label: params.nullableStr('unit_label') ?? null,
    updated: now,
    url: params.nullableStr('url') ?? null,
  };
  engine.state.products[id] = product;
  engine.emit('product.created', product);
  const defaultPriceData = params.obj('default_price_data');
  if (defaultPriceData) {
    product.default_price = createPrice(engine, defaultPriceData, id).id;
  }
  return product;
}

function updateProduct(engine: Engine, id: string, params: Params): Stripe.Product {
  params.allowOnly(KNOWN_PARAMS.ProductUpdateParams);
  const product = engine.product(id);
  const previous: Record<string, unknown> = {};
  const set = <K extends keyof Stripe.Product>(key: K, value: Stripe.Product[K] | undefined) => {
    if (value === undefined || JSON.stringify(value) === JSON.stringify(product[key])) return;
    previous[key] = product[key];
    product[key] = value;
  };
  if (params.has('name')) set('name', params.requiredStr('name'));
  set('active', params.bool('active'));
  set('description', params.nullableStr('description'));
  set('images', params.strList('images'));
  set('statement_descriptor', params.nullableStr('statement_descriptor'));
  set('tax_code', params.nullableStr('tax_code'));
  set('unit_label', params.nullableStr('unit_label'));
  set('url', params.nullableStr('url'));
  const defaultPrice = params.nullableStr('default_price');
  if (defaultPrice) engine.price(defaultPrice, 'default_price');
  set('default_price', defaultPrice);
  if (params.has('metadata')) set('metadata', mergeMetadata(product.metadata, params.metadata()));
  if (Object.keys(previous).length) {
    product.updated = engine.now();
    engine.emit('product.updated', product, previous);
  }
  return product;
}

export const productRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/products', handler: ({ engine, params }) => createProduct(engine, params) },
  {
    method: 'GET',
    pattern: '/v1/products/search',
    handler: ({ engine, params, url }) =>
      search(
        engine,
        newestFirst(engine.state.products),
        params,
        url,
        ['active', 'name', 'description', 'created', 'url', 'shippable'],
        (p, f) =>
          f === 'active' ? String(p.active) : (p as unknown as Record<string, string | number | null>)[f],
      ),
  },
  {
    method: 'GET',
    pattern: '/v1/products/:id',
    handler: ({ engine, path }) => engine.product(path.id ?? ''),
  },
  {
    method: 'POST',
    pattern: '/v1/products/:id',
    handler: ({ engine, params, path }) => updateProduct(engine, path.id ?? '', params),
  },
  {
    method: 'DELETE',
    pattern: '/v1/products/:id',
    handler: ({ engine, path }) => {
      const product = engine.product(path.id ?? '');
      if (Object.values(engine.state.prices).some((p) => p.product === product.id)) {
        throw invalidRequest(
          'This product cannot be deleted because it has one or more user-created prices.',
        );
      }
      delete engine.state.products[product.id];
      engine.emit('product.deleted', product);
      const deleted: Stripe.DeletedProduct = { id: product.id, object: 'product', deleted: true };
      return deleted;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/products',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.ProductListParams);
      const active = params.bool('active');
      const ids = params.strList('ids');
      const items = newestFirst(engine.state.products).filter(
        (p) => (active === undefined || p.active === active) && (!ids || ids.includes(p.id)),
      );
      return paginate(items, params, url);
    },
  },
];
