import type Stripe from 'stripe';
import { cancelNow } from '../billing/lifecycle.js';
import { type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { fullList, paginate } from '../wire/list.js';
import { mergeMetadata, Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { search } from '../wire/search.js';
import { invalidRequest } from '../wire/stripe-error.js';
import { attachPaymentMethod, resolvePaymentMethod } from './payment-methods.js';

/** Creates a customer (API, Checkout and seed all go through here so `customer.created` is always sent). */
export function createCustomer(engine: Engine, params: Params): Stripe.Customer {
  params.allowOnly(KNOWN_PARAMS.CustomerCreateParams);
  const customer: Stripe.Customer = {
    id: newId('cus', 14),
    object: 'customer',
    address: null,
    balance: params.int('balance') ?? 0,
    created: engine.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: params.nullableStr('description') ?? null,
    discount: null,
    email: params.nullableStr('email') ?? null,
    invoice_prefix: newId('', 8).slice(1).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: mergeMetadata({}, params.metadata()),
    name: params.nullableStr('name') ?? null,
    next_invoice_sequence: 1,
    phone: params.nullableStr('phone') ?? null,
    preferred_locales: params.strList('preferred_locales') ?? [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  engine.state.customers[customer.id] = customer;
  engine.emit('customer.created', customer);
  const cache = new Map<string, Stripe.PaymentMethod>();
  const pmRef = params.nonEmptyStr('payment_method');
  if (pmRef)
    attachPaymentMethod(engine, resolvePaymentMethod(engine, pmRef, 'payment_method', cache), customer.id);
  const defaultPm = params.obj('invoice_settings')?.nullableStr('default_payment_method');
  if (defaultPm) {
    const pm = resolvePaymentMethod(engine, defaultPm, 'invoice_settings[default_payment_method]', cache);
    if (pm.customer !== customer.id) {
      throw invalidRequest(
        `No such PaymentMethod: '${defaultPm}'; It's possible this PaymentMethod exists on one of your connected accounts, in which case you should retry this request on that connected account.`,
        'invoice_settings[default_payment_method]',
        'resource_missing',
      );
    }
    customer.invoice_settings.default_payment_method = pm.id;
  }
  return customer;
}

/** The customer a hosted Checkout page creates for a guest, from the email and name typed on the page. */
export function createBuyerCustomer(
  engine: Engine,
  email: string | null,
  name: string | null,
): Stripe.Customer {
  return createCustomer(engine, new Params({ email: email ?? '', ...(name ? { name } : {}) }));
}

function updateCustomer(engine: Engine, id: string, params: Params): Stripe.Customer {
  params.allowOnly(KNOWN_PARAMS.CustomerUpdateParams);
  const customer = engine.customer(id);
  const previous: Record<string, unknown> = {};
  const set = <K extends keyof Stripe.Customer>(key: K, value: Stripe.Customer[K] | undefined) => {
    if (value === undefined || JSON.stringify(value) === JSON.stringify(customer[key])) return;
    previous[key] = customer[key];
    customer[key] = value;
  };
  set('email', params.nullableStr('email'));
  set('name', params.nullableStr('name'));
  set('phone', params.nullableStr('phone'));
  set('description', params.nullableStr('description'));
  set('preferred_locales', params.strList('preferred_locales'));
  if (params.has('metadata')) set('metadata', mergeMetadata(customer.metadata, params.metadata()));
  const settings = params.obj('invoice_settings');
  if (settings?.has('default_payment_method')) {
    const ref = settings.nullableStr('default_payment_method') ?? null;
    let pmId: string | null = null;
    if (ref) {
      const pm = resolvePaymentMethod(engine, ref, 'invoice_settings[default_payment_method]');
      if (pm.customer !== customer.id) {
        throw invalidRequest(
          `The customer does not have a payment method with the ID ${ref}. The payment method must be attached to the customer.`,
          'invoice_settings[default_payment_method]',
          'resource_missing',
        );
      }
      pmId = pm.id;
    }
    set('invoice_settings', { ...customer.invoice_settings, default_payment_method: pmId });
  }
  if (Object.keys(previous).length) engine.emit('customer.updated', customer, previous);
  return customer;
}

/** Sets a customer's default payment method (used by Checkout and the portal). */
export function setDefaultPaymentMethod(engine: Engine, customer: Stripe.Customer, pmId: string): void {
  if (customer.invoice_settings.default_payment_method === pmId) return;
  const previous = { invoice_settings: { ...customer.invoice_settings } };
  customer.invoice_settings = { ...customer.invoice_settings, default_payment_method: pmId };
  engine.emit('customer.updated', customer, previous);
}

/** `customer.subscriptions` is only included when expanded. */
export function customerSubscriptions(engine: Engine, customerId: string) {
  const subs = newestFirst(engine.state.subscriptions).filter(
    (s) => s.customer === customerId && s.status !== 'canceled' && s.status !== 'incomplete_expired',
  );
  return fullList(
    subs.map((s) => engine.render(s)),
    `/v1/customers/${customerId}/subscriptions`,
  );
}

export const customerRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/customers',
    handler: ({ engine, params }) => createCustomer(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/customers/search',
    handler: ({ engine, params, url }) =>
      search(
        engine,
        newestFirst(engine.state.customers),
        params,
        url,
        ['email', 'name', 'phone', 'created'],
        (c, f) =>
          f === 'email'
            ? c.email
            : f === 'name'
              ? c.name
              : f === 'phone'
                ? c.phone
                : f === 'created'
                  ? c.created
                  : null,
      ),
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id',
    handler: ({ engine, path }) => {
      const id = path.id ?? '';
      const customer = engine.state.customers[id];
      if (!customer && engine.state.deletedIds[id]) return deletedCustomer(id);
      return engine.customer(id);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/customers/:id',
    handler: ({ engine, params, path }) => updateCustomer(engine, path.id ?? '', params),
  },
  {
    method: 'DELETE',
    pattern: '/v1/customers/:id',
    handler: ({ engine, path }) => {
      const customer = engine.customer(path.id ?? '');
      // Deleting a customer cancels its subscriptions immediately, as Stripe does.
      for (const sub of Object.values(engine.state.subscriptions)) {
        if (sub.customer === customer.id && sub.status !== 'canceled') cancelNow(engine, sub);
      }
      delete engine.state.customers[customer.id];
      engine.state.deletedIds[customer.id] = 'customer';
      engine.emit('customer.deleted', customer);
      return deletedCustomer(customer.id);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.CustomerListParams);
      const email = params.str('email');
      const items = newestFirst(engine.state.customers).filter((c) => !email || c.email === email);
      return paginate(items, params, url);
    },
  },
];

function deletedCustomer(id: string): Stripe.DeletedCustomer {
  return { id, object: 'customer', deleted: true };
}
