import type Stripe from 'stripe';
import { sessionTotals } from '../billing/checkout-totals.js';
import { readDiscountParams } from '../billing/discounts.js';
import { oneTimePrice, recurringPrice, validateItemSet, validateOneTimeItems } from '../billing/items.js';
import { type Engine, newestFirst } from '../engine.js';
import { newId } from '../state/ids.js';
import type { CheckoutExtras } from '../state/state.js';
import { KNOWN_PARAMS } from '../wire/known-params.js';
import { paginate } from '../wire/list.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import type { Route } from '../wire/route.js';
import { invalidRequest, parameterMissing } from '../wire/stripe-error.js';
import { checkoutLocales } from '../wire/stripe-locales.js';
import { sessionLineItems } from './checkout-line-items.js';

function createSession(engine: Engine, params: Params): Stripe.Checkout.Session {
  params.allowOnly(KNOWN_PARAMS['Checkout.SessionCreateParams']);
  const mode = params.str('mode');
  if (!mode) throw parameterMissing('mode');
  // `payment` sessions exist so that an app's one-time purchases sit beside its subscriptions (Plankit must leave
  // them alone, and a customer who bought one must still be able to subscribe). `setup` is refused outright.
  if (mode !== 'subscription' && mode !== 'payment') {
    throw invalidRequest(
      `The Plankit emulator supports mode=subscription and mode=payment only (got mode=${mode}).`,
      'mode',
    );
  }
  const customerId = params.nonEmptyStr('customer');
  const customerEmail = params.nonEmptyStr('customer_email');
  if (customerId && customerEmail) {
    throw invalidRequest(
      'You may only specify one of these parameters: customer, customer_email.',
      'customer_email',
    );
  }
  const customer = customerId ? engine.customer(customerId, 'customer') : null;
  const customerCreation = params.enumOf('customer_creation', ['always', 'if_required'] as const);
  if (customerCreation && mode !== 'payment') {
    throw invalidRequest('`customer_creation` can only be used in `payment` mode.', 'customer_creation');
  }
  if (customerCreation && customer) {
    throw invalidRequest(
      'You may only specify one of these parameters: customer, customer_creation.',
      'customer_creation',
    );
  }
  const lineParams = params.objList('line_items');
  if (!lineParams || lineParams.length === 0) {
    throw invalidRequest(
      `\`line_items\` is required in \`${mode}\` mode.`,
      'line_items',
      'parameter_missing',
    );
  }
  const lineItems = lineParams.map((p) => {
    const priceId = p.nonEmptyStr('price');
    if (!priceId) throw parameterMissing(`${p.prefix}[price]`);
    const price =
      mode === 'subscription'
        ? recurringPrice(engine, priceId, `${p.prefix}[price]`)
        : oneTimePrice(engine, priceId, `${p.prefix}[price]`);
    const quantity = p.int('quantity') ?? 1;
    if (quantity < 1) throw invalidRequest('Quantity must be at least 1.', `${p.prefix}[quantity]`);
    return { id: newId('li'), price, quantity };
  });
  if (mode === 'subscription') {
    validateItemSet(
      lineItems.map((l) => l.price),
      'line_items',
    );
  } else validateOneTimeItems(lineItems.map((l) => l.price));
  const allowPromotionCodes = params.bool('allow_promotion_codes');
  const discountParams = params.objList('discounts');
  if (allowPromotionCodes && discountParams && discountParams.length > 0) {
    throw invalidRequest(
      'You may only specify one of these parameters: allow_promotion_codes, discounts.',
      'discounts',
    );
  }
  const discounts = readDiscountParams(engine, discountParams, customer?.id);
  const now = engine.now();
  const expiresAt = params.int('expires_at') ?? now + 24 * 3600;
  if (expiresAt > now + 24 * 3600) {
    throw invalidRequest(
      'The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.',
      'expires_at',
    );
  }
  if (expiresAt < now + 30 * 60) {
    throw invalidRequest(
      'The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.',
      'expires_at',
    );
  }
  const subscriptionData = params.obj('subscription_data');
  if (subscriptionData && mode !== 'subscription') {
    throw invalidRequest('`subscription_data` can only be used in `subscription` mode.', 'subscription_data');
  }
  const trialDays = subscriptionData?.int('trial_period_days') ?? null;
  if (trialDays !== null && trialDays < 1) {
    throw invalidRequest('The trial period must be at least 1 day.', 'subscription_data[trial_period_days]');
  }
  const trialEnd = subscriptionData?.int('trial_end') ?? null;
  const clientReferenceId = params.nonEmptyStr('client_reference_id') ?? null;
  if (clientReferenceId && clientReferenceId.length > 200) {
    throw invalidRequest('client_reference_id must be at most 200 characters.', 'client_reference_id');
  }
  const id = newId('cs_test', 58);
  const extras: CheckoutExtras = {
    line_items: lineItems.map((l) => ({ id: l.id, price: l.price.id, quantity: l.quantity })),
    trial_period_days: trialDays,
    trial_end: trialEnd,
    subscription_metadata: mergeMetadata({}, subscriptionData?.metadata()),
    subscription_description: subscriptionData?.nullableStr('description') ?? null,
    discounts: discounts.map((d) =>
      d.promotionCode ? { promotion_code: d.promotionCode.id } : { coupon: d.coupon.id },
    ),
  };
  const currency = lineItems[0]?.price.currency ?? 'usd';
  const totals = sessionTotals(engine, extras, currency);
  const session: Stripe.Checkout.Session = {
    id,
    object: 'checkout.session',
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: allowPromotionCodes ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: totals.subtotal,
    amount_total: totals.total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: params.url('cancel_url') ?? null,
    client_reference_id: clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: customer
      ? null
      : mode === 'subscription'
        ? 'always'
        : (customerCreation ?? 'if_required'),
    customer_details: customer ? customerDetails(customer.email, customer.name ?? null) : null,
    customer_email: customerEmail ?? null,
    discounts: extras.discounts.map((d) => ({
      coupon: d.coupon ?? null,
      promotion_code: d.promotion_code ?? null,
    })),
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: (params.enumOf('locale', checkoutLocales) as Stripe.Checkout.Session.Locale | undefined) ?? null,
    managed_payments: null,
    metadata: mergeMetadata({}, params.metadata()),
    mode,
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: 'always',
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ['card'],
    payment_status: 'unpaid',
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: null,
    subscription: null,
    success_url: params.url('success_url') ?? null,
    total_details: { amount_discount: totals.discount, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted_page',
    url: `${engine.baseUrl}/c/pay/${id}`,
    wallet_options: null,
  };
  engine.state.checkoutSessions[id] = session;
  engine.state.checkoutExtras[id] = extras;
  return session;
}

export function customerDetails(
  email: string | null,
  name: string | null,
): Stripe.Checkout.Session.CustomerDetails {
  return {
    address: null,
    business_name: null,
    email,
    individual_name: null,
    name,
    phone: null,
    tax_exempt: 'none',
    tax_ids: [],
  };
}

/** Expires open sessions whose `expires_at` has passed (Stripe does this in the background). */
export function expireDueSessions(engine: Engine): void {
  const now = engine.now();
  for (const s of Object.values(engine.state.checkoutSessions)) {
    if (s.status === 'open' && s.expires_at <= now) expireSession(engine, s);
  }
}

export function expireSession(engine: Engine, session: Stripe.Checkout.Session): Stripe.Checkout.Session {
  if (session.status !== 'open') {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      undefined,
      'checkout_session_not_open',
    );
  }
  session.status = 'expired';
  session.url = null;
  engine.emit('checkout.session.expired', session);
  return session;
}

export const checkoutSessionRoutes: Route[] = [
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions',
    handler: ({ engine, params }) => createSession(engine, params),
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id',
    handler: ({ engine, path }) => {
      expireDueSessions(engine);
      return engine.checkoutSession(path.id ?? '');
    },
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id',
    handler: ({ engine, path, params }) => {
      params.allowOnly(KNOWN_PARAMS['Checkout.SessionUpdateParams']);
      const session = engine.checkoutSession(path.id ?? '');
      if (params.has('metadata')) session.metadata = mergeMetadata(session.metadata ?? {}, params.metadata());
      return session;
    },
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id/expire',
    handler: ({ engine, path }) => expireSession(engine, engine.checkoutSession(path.id ?? '')),
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id/line_items',
    handler: ({ engine, path, params, url }) => {
      const session = engine.checkoutSession(path.id ?? '');
      return paginate(sessionLineItems(engine, session.id), params, url);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions',
    handler: ({ engine, params, url }) => {
      params.allowOnly(KNOWN_PARAMS['Checkout.SessionListParams']);
      expireDueSessions(engine);
      const customer = params.str('customer');
      const status = params.enumOf('status', ['open', 'complete', 'expired'] as const);
      const subscription = params.str('subscription');
      const email = params.obj('customer_details')?.str('email');
      const items = newestFirst(engine.state.checkoutSessions).filter(
        (s) =>
          (!customer || s.customer === customer) &&
          (!status || s.status === status) &&
          (!subscription || s.subscription === subscription) &&
          (!email || s.customer_details?.email === email || s.customer_email === email),
      );
      return paginate(items, params, url);
    },
  },
];
