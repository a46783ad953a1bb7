import { createMemoryStore, createPlankit, type Plankit, type PlankitOptions } from '@plankit/server';
import type { Emulator } from '@plankit/stripe-emulator';
import Stripe from 'stripe';
import { allowedOrigins, appOrigin, plans } from './fixtures';

/** A Stripe client on the emulator, configured like production (2 retries, a timeout). */
export function stripeFor(emulator: Emulator, overrides: Partial<Stripe.StripeConfig> = {}): Stripe {
  return new Stripe(emulator.secretKey, {
    ...emulator.stripeConfig,
    maxNetworkRetries: 2,
    timeout: 10_000,
    ...overrides,
  });
}

/** Test identity: the `x-test-user` header names the signed-in user (the app's session, in real life). */
export async function identifyFromHeader(request: Request) {
  const userId = request.headers.get('x-test-user');
  return userId ? { userId, email: `${userId}@example.com`, name: `User ${userId}` } : null;
}

/** Log lines are collected, not printed: hostile input is expected to produce warnings. */
export interface CollectingLogger {
  lines: string[];
  warn: (message: string) => void;
  error: (message: string) => void;
}

export function collectingLogger(): CollectingLogger {
  const lines: string[] = [];
  return {
    lines,
    warn: (message) => void lines.push(`warn ${message}`),
    error: (message) => void lines.push(`error ${message}`),
  };
}

/** A Plankit handler on the emulator, in process, with its own memory store. */
export function makeBilling(
  emulator: Emulator,
  overrides: Partial<PlankitOptions> = {},
): Plankit & { log: CollectingLogger } {
  const logger = collectingLogger();
  const billing = createPlankit({
    stripe: stripeFor(emulator),
    identify: identifyFromHeader,
    plans,
    allowedOrigins: [...allowedOrigins],
    store: createMemoryStore(),
    logger,
    ...overrides,
  });
  return Object.assign(billing, { log: logger });
}

export interface CallOptions {
  user?: string | null;
  origin?: string | null;
  method?: string;
  headers?: Record<string, string>;
  rawBody?: BodyInit;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  json: any;
}

/** Calls a route as the React kit does (JSON, Origin, signed in), or however the options forge it. */
export async function call(
  billing: Plankit,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<CallResult> {
  const method = options.method ?? (body === undefined && options.rawBody === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = {};
  if (options.user !== null) headers['x-test-user'] = options.user ?? 'user_1';
  if (options.origin !== null && (method !== 'GET' || options.origin))
    headers.origin = options.origin ?? appOrigin;
  if (body !== undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, options.headers);
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (options.rawBody !== undefined) init.body = options.rawBody;
  else if (body !== undefined) init.body = JSON.stringify(body);
  if (init.body instanceof ReadableStream) init.duplex = 'half';
  const response = await billing.handler(new Request(`http://localhost${billing.basePath}${path}`, init));
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
