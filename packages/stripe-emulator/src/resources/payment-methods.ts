import type Stripe from 'stripe';
import { cardFromNumber, TEST_TOKENS, type TestCard } from '../billing/test-cards.js';
import { type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { cardDeclined, invalidRequest, parameterMissing, resourceMissing } from '../wire/stripe-error.js';

/** Builds a card PaymentMethod for a test card (not attached). */
export function createCardPaymentMethod(engine: Engine, card: TestCard): Stripe.PaymentMethod {
  const last4 = card.number.slice(-4);
  const pm: Stripe.PaymentMethod = {
    id: newId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      display_brand: card.brand,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 5,
      fingerprint: `fp_${card.number.slice(-8)}`,
      funding: 'credit',
      generated_from: null,
      last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: engine.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: 'card',
  };
  engine.state.paymentMethods[pm.id] = pm;
  return pm;
}

/**
 * Resolves a payment method reference: an existing `pm_...` id, or a test token such as
 * `pm_card_visa`, which (as in Stripe test mode) creates a new PaymentMethod each time it is used.
 * `cache` makes one request's repeated mentions of a token resolve to the same new object.
 */
export function resolvePaymentMethod(
  engine: Engine,
  ref: string,
  param: string,
  cache?: Map<string, Stripe.PaymentMethod>,
): Stripe.PaymentMethod {
  const token = TEST_TOKENS[ref];
  if (token) {
    const cached = cache?.get(ref);
    if (cached) return cached;
    const pm = createCardPaymentMethod(engine, token);
    cache?.set(ref, pm);
    return pm;
  }
  const pm = engine.state.paymentMethods[ref];
  if (!pm) throw resourceMissing('PaymentMethod', ref, param);
  return pm;
}

/** Attaches a payment method to a customer; declining test cards fail here, as in Stripe. */
export function attachPaymentMethod(
  engine: Engine,
  pm: Stripe.PaymentMethod,
  customerId: string,
  param = 'payment_method',
): Stripe.PaymentMethod {
  engine.customer(customerId, 'customer');
  if (pm.customer && pm.customer !== customerId) {
    throw invalidRequest(
      'The payment method you provided has already been attached to a customer.',
      param,
      'payment_method_unexpected_state',
    );
  }
  if (pm.card && pm.card.last4 === '0002') throw cardDeclined(param);
  if (pm.customer === customerId) return pm;
  pm.customer = customerId;
  engine.emit('payment_method.attached', pm);
  return pm;
}

function createFromParams(engine: Engine, params: Params): Stripe.PaymentMethod {
  params.allowOnly(KNOWN_PARAMS.PaymentMethodCreateParams);
  const type = params.requiredStr('type');
  if (type !== 'card') throw invalidRequest(`The emulator only supports card payment methods.`, 'type');
  const card = params.obj('card');
  if (!card) throw parameterMissing('card');
  const token = card.str('token');
  let testCard: TestCard | undefined;
  if (token) {
    const name = token.replace(/^tok_/, 'pm_card_');
    testCard = TEST_TOKENS[name];
    if (!testCard) throw resourceMissing('token', token, 'card[token]');
  } else {
    const number = card.requiredStr('number');
    testCard = cardFromNumber(number);
    if (!testCard) throw invalidRequest('Your card number is incorrect.', 'card[number]', 'incorrect_number');
  }
  const pm = createCardPaymentMethod(engine, testCard);
  pm.metadata = mergeMetadata({}, params.metadata());
  return pm;
}

export function listCustomerPaymentMethods(engine: Engine, customerId: string): Stripe.PaymentMethod[] {
  return newestFirst(engine.state.paymentMethods).filter((pm) => pm.customer === customerId);
}

export const paymentMethodRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/payment_methods',
    handler: ({ engine, params }) => createFromParams(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods/:id',
    handler: ({ engine, path }) => resolvePaymentMethod(engine, path.id ?? '', 'id'),
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id',
    handler: ({ engine, path, params }) => {
      const pm = engine.paymentMethod(path.id ?? '');
      if (params.has('metadata')) {
        const previous = { metadata: pm.metadata };
        pm.metadata = mergeMetadata(pm.metadata ?? {}, params.metadata());
        engine.emit('payment_method.updated', pm, previous);
      }
      return pm;
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id/attach',
    handler: ({ engine, path, params }) => {
      params.allowOnly(KNOWN_PARAMS.PaymentMethodAttachParams);
      const customer = params.requiredStr('customer');
      const pm = resolvePaymentMethod(engine, path.id ?? '', 'payment_method');
      return attachPaymentMethod(engine, pm, customer);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id/detach',
    handler: ({ engine, path }) => {
      const pm = engine.paymentMethod(path.id ?? '');
      if (!pm.customer) {
        throw invalidRequest(
          'The payment method you provided is not attached to a customer so detachment is impossible.',
          undefined,
          'payment_method_unexpected_state',
        );
      }
      const previous = { customer: pm.customer };
      const customer = engine.state.customers[pm.customer as string];
      if (customer?.invoice_settings.default_payment_method === pm.id) {
        customer.invoice_settings.default_payment_method = null;
      }
      pm.customer = null;
      engine.emit('payment_method.detached', pm, previous);
      return pm;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS.PaymentMethodListParams);
      const customer = params.str('customer');
      const type = params.str('type');
      const items = newestFirst(engine.state.paymentMethods).filter(
        (pm) =>
          (!customer || pm.customer === customer) && (!type || pm.type === type) && pm.customer !== null,
      );
      return paginate(items, params, url);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id/payment_methods',
    handler: ({ engine, params, url, path }) => {
      const customer = engine.customer(path.id ?? '');
      const type = params.str('type');
      const items = listCustomerPaymentMethods(engine, customer.id).filter((pm) => !type || pm.type === type);
      return paginate(items, params, url);
    },
  },
];
