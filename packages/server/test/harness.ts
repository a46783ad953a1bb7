import { definePlans } from '@plankit/core';
import { type Emulator, type EmulatorSeed, startEmulator } from '@plankit/stripe-emulator';
import { planConfig, seedWithPortal } from '@plankit/test-utils';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createPlankit, type Plankit, type PlankitOptions } from '../src/index';
import { createMemoryStore } from '../src/store/memory-store';

export const appOrigin = 'https://app.example.com';
export const plans = definePlans(planConfig);
/** The shared test catalog plus a default portal configuration (cancel with reasons, plan switching, payment methods). */
export const seed = seedWithPortal;

/** Collects log lines instead of printing them, so tests can assert on them. */
export function quietLogger() {
  const lines: string[] = [];
  return {
    lines,
    warn: (message: string) => {
      lines.push(`warn ${message}`);
    },
    error: (message: string) => {
      lines.push(`error ${message}`);
    },
  };
}

/** One emulator per test file, reset before each test. */
export function useEmulator(options: { seed?: EmulatorSeed } = {}) {
  const holder = {} as { emulator: Emulator; stripe: Stripe };
  beforeAll(async () => {
    holder.emulator = await startEmulator({ seed: options.seed ?? seed });
    holder.stripe = stripeFor(holder.emulator);
  });
  beforeEach(() => {
    holder.emulator.reset();
    holder.emulator.clearFaults();
    holder.emulator.clearRequestLog();
  });
  afterAll(async () => {
    await holder.emulator?.close();
  });
  return holder;
}

/** The SDK pointed at the emulator; `maxNetworkRetries: 0` lets an injected fault reach Plankit. */
export function stripeFor(emulator: Emulator, options: { maxNetworkRetries?: number } = {}): Stripe {
  return new Stripe(emulator.secretKey, {
    ...emulator.stripeConfig,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: 10_000,
  });
}

/** Test identity: the `x-test-user` header names the user. */
export async function identifyFromHeader(request: Request) {
  const userId = request.headers.get('x-test-user');
  return userId ? { userId, email: `${userId}@example.com`, name: `User ${userId}` } : null;
}

export function makeBilling(
  emulator: Emulator,
  overrides: Partial<PlankitOptions> = {},
): Plankit & { log: string[] } {
  const logger = quietLogger();
  const billing = createPlankit({
    stripe: stripeFor(emulator),
    identify: identifyFromHeader,
    plans,
    allowedOrigins: [appOrigin, 'http://localhost:5173'],
    store: createMemoryStore(),
    logger,
    ...overrides,
  });
  return Object.assign(billing, { log: logger.lines });
}

export interface CallOptions {
  user?: string | null;
  origin?: string | null;
  headers?: Record<string, string>;
  method?: string;
  rawBody?: BodyInit;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
}

/** Calls a route the way the React kit does: JSON, Origin, signed-in user. */
export async function call(billing: Plankit, path: string, body?: unknown, options: CallOptions = {}) {
  const method = options.method ?? (body === undefined && options.rawBody === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { ...options.headers };
  if (options.user !== null) headers['x-test-user'] = options.user ?? 'user_1';
  if (options.origin !== null && (method !== 'GET' || options.origin))
    headers.origin = options.origin ?? appOrigin;
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers };
  if (options.rawBody !== undefined) init.body = options.rawBody;
  else if (body !== undefined) init.body = JSON.stringify(body);
  const response = await billing.handler(new Request(`http://localhost${billing.basePath}${path}`, init));
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : null,
  } as CallResult;
}

/** Stripe calls the emulator saw since the last clear, as "METHOD /path". */
export function stripeCalls(emulator: Emulator): string[] {
  return emulator.requestLog().map((entry) => `${entry.method} ${entry.path}`);
}

/** Gives a user an active subscription directly in Stripe (as if they had paid). */
export async function subscribeDirectly(
  stripe: Stripe,
  customer: string,
  lookupKeys: string[],
  options: { quantity?: number; trial?: boolean } = {},
) {
  const prices = await stripe.prices.list({ lookup_keys: lookupKeys });
  return stripe.subscriptions.create({
    customer,
    items: lookupKeys.map((key) => ({
      price: prices.data.find((price) => price.lookup_key === key)!.id,
      quantity: options.quantity ?? 1,
    })),
    default_payment_method: 'pm_card_visa',
    expand: ['default_payment_method'],
  });
}

/**
 * The user's Stripe customer id (as Plankit linked it), or null. Read from the list, not search: the emulator's
 * search lags 2 s behind writes, as Stripe's does.
 */
export async function customerOf(stripe: Stripe, userId: string): Promise<string | null> {
  const all = await stripe.customers.list({ limit: 100 }).autoPagingToArray({ limit: 1000 });
  return all.find((customer) => customer.metadata?.plankit_user_id === userId)?.id ?? null;
}

/** Paying through the emulator's hosted Checkout page lives in test-utils, shared with the other suites. */
export { payCheckout } from '@plankit/test-utils';

/** A webhook request for `event`, signed as Stripe signs it for `secret`, to the route under `basePath`. */
export function signedEventRequest(
  stripe: Stripe,
  secret: string,
  event: unknown,
  basePath = '/api/billing',
): Request {
  const payload = JSON.stringify(event);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
  return new Request(`http://localhost${basePath}/webhook`, {
    method: 'POST',
    headers: { 'stripe-signature': header, 'content-type': 'application/json' },
    body: payload,
  });
}

/** Signs an event as Stripe signs it for `secret` and posts it to the handler's webhook route. */
export function postSignedEvent(
  stripe: Stripe,
  billing: Plankit,
  secret: string,
  event: unknown,
): Promise<Response> {
  return billing.handler(signedEventRequest(stripe, secret, event, billing.basePath));
}
