import type { Catalog, SubscriptionState } from '@plankit/core';
import { cancelModes, defaultBasePath } from '@plankit/core';
import type Stripe from 'stripe';
import { CatalogCache } from './catalog/catalog-cache';
import { CheckoutCoordinator } from './checkout/checkout-coordinator';
import type { PlankitContext } from './context';
import { CustomerResolver } from './customers/customer-resolver';
import { runDoctor } from './doctor/run-doctor';
import type { DoctorReport } from './doctor/types';
import { createBodilessAnswer, createHandler } from './handler';
import type { BodilessRequest, PlainResponse } from './http/plain-response';
import type { Logger } from './logger';
import type { PlankitOptions } from './options';
import { assertWindowLimit } from './security/rate-limit';
import { normalizeAllowedOrigins, resolveRedirect } from './security/redirect';
import type { BillingSnapshot } from './state/billing-snapshot';
import type { DriftReport } from './state/drift-report';
import { type BillingSummary, type BillingUser, getBilling } from './state/get-billing';
import { type ReconcileOptions, reconcile } from './state/reconcile';
import { syncCustomer } from './state/sync-customer';
import { guardStore } from './store/guarded-store';
import { createMemoryStore } from './store/memory-store';
import { CouponCache } from './stripe/coupon-cache';
import { createStripeClient } from './stripe/create-stripe-client';
import { assertProrationBehavior, planChangeProrationBehavior } from './subscriptions/proration-behavior';

/** What {@link createPlankit} returns. */
export interface Plankit {
  /** The web-standard handler for every billing route below `basePath`. */
  handler: (request: Request) => Promise<Response>;
  /** The mount point, e.g. `/api/billing`. */
  basePath: string;
  /**
   * For adapters: answers a body-less request that needs no web `Request` (a `GET`/`HEAD` of exactly
   * `basePath + '/plans'`) as plain data, exactly as `handler` would; null means "use `handler`". The node and
   * Express adapters use it so a warm catalog is served without building web `Request`/`Response` objects.
   */
  answerBodiless: (request: BodilessRequest) => Promise<PlainResponse | null>;
  /** The Stripe client in use. */
  stripe: Stripe;
  /** Drops the cached catalog (it also refreshes on its TTL and on product/price webhooks). */
  invalidateCatalog(): Promise<void>;
  /**
   * Checks the Stripe setup this server relies on (key mode, prices, portal configuration, webhook endpoint) and,
   * with `fix`, creates or updates the portal configuration. Same checks as `plankit doctor`, with this server's
   * `planChange.prorationBehavior` as the proration the portal must apply.
   */
  doctor(options?: { webhookUrl?: string; fix?: boolean }): Promise<DoctorReport>;
  /**
   * What `<PlankitProvider initialData>` needs for the first HTML, from a Server Component or any server: the
   * plans and, when `identify` finds a user in these headers, their subscription (exactly what `GET /plans` and
   * `GET /subscription` answer). Pass the incoming request's headers, e.g. `await headers()` in Next.js, and the
   * page's `locale` (the provider's) so the plans' texts are in its language (`GET /plans?locale=`).
   */
  initialData(headers: HeadersInit, options?: { locale?: string }): Promise<ServerInitialData>;
  /**
   * Compares the store with Stripe (every customer naming a Plankit user, their snapshots and links, extra and
   * stale subscriptions, webhook events missed since the last complete pass) and returns the drift report; with
   * `fix`, repairs what is safe, with `cancelDuplicates`, cancels extra subscriptions. Safe to run on a schedule
   * from every instance: one pass runs at a time (the others answer `outcome: 'ran-elsewhere'`).
   */
  reconcile(options?: ReconcileOptions): Promise<DriftReport>;
  /**
   * The user's billing for the app's own server code, from their snapshot: 0 Stripe calls when warm (one sync when
   * missing). Pass a user id, or the incoming request (or its headers) for `identify` to resolve; null when that
   * request names nobody signed in.
   */
  getBilling(user: BillingUser): Promise<BillingSummary | null>;
  /** Re-syncs a customer's snapshot from Stripe now (coalesced per customer) and answers it. */
  syncCustomer(customerId: string): Promise<BillingSnapshot>;
}

/** The result of {@link Plankit.initialData}: `subscription` is absent when nobody is signed in. */
export interface ServerInitialData {
  plans?: Catalog;
  subscription?: SubscriptionState;
}

let warnedMemoryStore = false;

function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (!trimmed.startsWith('/') || /[?#\s]/.test(trimmed)) {
    throw new Error(`Plankit: basePath "${basePath}" must be a path such as "/api/billing".`);
  }
  return trimmed;
}

/**
 * Creates Plankit's server: one `Request -> Response` handler that mints Checkout and portal sessions for the
 * signed-in user, enforces one subscription per customer, and handles Stripe's webhooks.
 *
 * @example
 * const billing = createPlankit({
 *   secretKey: process.env.STRIPE_SECRET_KEY,
 *   identify: async (request) => getUser(request), // { userId, email } or null
 *   plans,
 *   allowedOrigins: ['https://app.example.com'],
 *   webhook: { secret: process.env.STRIPE_WEBHOOK_SECRET! },
 * });
 * export const { GET, POST } = toNextHandlers(billing);
 */
export function createPlankit(options: PlankitOptions): Plankit {
  const basePath = normalizeBasePath(options.basePath ?? defaultBasePath);
  let built: Plankit | undefined;
  // Checked on first use, not at import: `next build` (CI, Docker: no secrets) loads this module without calling it,
  // and the first request fails with the same message. A failed check is not kept, so a fixed environment recovers.
  const get = () => {
    built ??= configurePlankit(options);
    return built;
  };
  return {
    handler: async (request) => get().handler(request),
    basePath,
    answerBodiless: async (request) => get().answerBodiless(request),
    get stripe() {
      return get().stripe;
    },
    invalidateCatalog: async () => get().invalidateCatalog(),
    doctor: async (doctorOptions) => get().doctor(doctorOptions),
    initialData: async (headers, options) => get().initialData(headers, options),
    reconcile: async (reconcileOptions) => get().reconcile(reconcileOptions),
    getBilling: async (user) => get().getBilling(user),
    syncCustomer: async (customerId) => get().syncCustomer(customerId),
  };
}

/** Validates the options and builds the server; {@link createPlankit} calls it on first use. */
function configurePlankit(options: PlankitOptions): Plankit {
  if (typeof options.identify !== 'function') throw new Error('Plankit: identify(request) is required.');
  if (!options.plans || !Array.isArray(options.plans.plans)) {
    throw new Error('Plankit: plans must come from definePlans() in @plankit/core.');
  }
  if (options.stripe && options.secretKey)
    throw new Error('Plankit: give either stripe or secretKey, not both.');
  if (options.stripe && options.stripeApiUrl)
    throw new Error('Plankit: stripeApiUrl goes with secretKey, not stripe.');
  const stripe =
    options.stripe ?? createStripeClient({ secretKey: options.secretKey, apiUrl: options.stripeApiUrl });
  const logger: Logger = options.logger ?? console;
  const allowedOrigins = normalizeAllowedOrigins(options.allowedOrigins);
  const basePath = normalizeBasePath(options.basePath ?? defaultBasePath);
  for (const target of [options.portal?.defaultReturnTo, options.checkout?.defaultReturnTo]) {
    if (target !== undefined) resolveRedirect(target, allowedOrigins);
  }
  const modes = options.cancel?.modes ?? ['portal'];
  if (modes.length === 0 || modes.some((mode) => !(cancelModes as readonly string[]).includes(mode))) {
    throw new Error(`Plankit: cancel.modes lists modes from ${cancelModes.join(', ')}.`);
  }
  assertProrationBehavior(options.planChange?.prorationBehavior);
  if (options.customerLookup !== undefined && !['search', 'no-search'].includes(options.customerLookup)) {
    throw new Error("Plankit: customerLookup is 'search' or 'no-search'.");
  }
  assertWindowLimit('promotionCodeAttempts', options.promotionCodeAttempts);
  assertWindowLimit('rateLimit.mutations', options.rateLimit?.mutations);
  assertWindowLimit('rateLimit.sync', options.rateLimit?.sync);
  if (options.webhook && !options.webhook.secret?.startsWith('whsec_')) {
    throw new Error('Plankit: webhook.secret is the endpoint signing secret (whsec_...).');
  }
  if (!options.store && process.env.NODE_ENV === 'production' && !warnedMemoryStore) {
    warnedMemoryStore = true;
    logger.warn(
      'Plankit: using the in-memory store in production. With more than one instance, pass a shared store (e.g. @plankit/server/redis) so webhook dedupe and the checkout lease hold across instances.',
    );
  }
  if (stripe.getMaxNetworkRetries() < 2) {
    logger.warn(
      'Plankit: the Stripe client retries fewer than 2 times; use createStripeClient() or maxNetworkRetries: 2.',
    );
  }
  const store = guardStore(options.store ?? createMemoryStore(), logger);
  const ttl = options.catalogTtlMs ?? 5 * 60 * 1000;
  const ctx: PlankitContext = {
    stripe,
    plans: options.plans,
    allowedOrigins,
    store,
    logger,
    catalog: new CatalogCache(stripe, options.plans, store, ttl, logger),
    customers: new CustomerResolver(stripe, store, options.customers, {
      matchByEmail: options.customers?.matchByEmail ?? true,
      lookup: options.customerLookup ?? 'search',
      logger,
    }),
    coupons: new CouponCache(stripe, ttl),
    checkout: new CheckoutCoordinator(
      store,
      options.checkout?.maxWaiting !== undefined ? { maxWaiting: options.checkout.maxWaiting } : {},
    ),
    cancelModes: modes,
    options,
  };
  const handler = createHandler(ctx, basePath);
  return {
    handler,
    basePath,
    answerBodiless: createBodilessAnswer(ctx, basePath),
    stripe,
    invalidateCatalog: () => ctx.catalog.invalidate(),
    doctor: (doctorOptions = {}) => {
      const portal: { configuration?: string } = {};
      if (options.portal?.configuration) portal.configuration = options.portal.configuration;
      return runDoctor({
        stripe,
        plans: options.plans,
        portal,
        // The portal's confirm page must bill plan changes the way /preview-change shows them.
        prorationBehavior: planChangeProrationBehavior(options),
        ...(options.retention ? { retentionCouponId: options.retention.couponId } : {}),
        ...(options.secretKey ? { secretKey: options.secretKey } : {}),
        ...doctorOptions,
      });
    },
    initialData: (headers, options) =>
      readInitialData(handler, new URL(basePath, allowedOrigins[0]).href, headers, options?.locale),
    reconcile: (reconcileOptions) => reconcile(ctx, reconcileOptions),
    getBilling: (user) => getBilling(ctx, user, new URL(basePath, allowedOrigins[0]).href),
    syncCustomer: (customerId) => syncCustomer(ctx, customerId),
  };
}

/**
 * Answers GET /plans and GET /subscription through the handler, so identify and every check apply as over HTTP.
 * A failed read (signed out, Stripe unavailable) is left out: the browser then asks for it, as without initialData.
 */
async function readInitialData(
  handler: (request: Request) => Promise<Response>,
  base: string,
  headers: HeadersInit,
  locale?: string,
): Promise<ServerInitialData> {
  const read = async (path: string) => {
    const response = await handler(new Request(base + path, { headers }));
    return response.ok ? ((await response.json()) as unknown) : undefined;
  };
  const plansPath = locale ? `/plans?locale=${encodeURIComponent(locale)}` : '/plans';
  const [plans, subscription] = await Promise.all([read(plansPath), read('/subscription')]);
  return {
    ...(plans ? { plans: plans as Catalog } : {}),
    ...(subscription ? { subscription: subscription as SubscriptionState } : {}),
  };
}
