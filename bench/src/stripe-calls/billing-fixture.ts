import { definePlans, type PlansInput } from '@plankit/core';
import { createMemoryStore, createPlankit, type Plankit, type PlankitOptions } from '@plankit/server';
import { type Emulator, type EmulatorSeed, startEmulator } from '@plankit/stripe-emulator';
import { planConfig, retentionCouponId, seedWithPortal } from '@plankit/test-utils';
import Stripe from 'stripe';

export const appOrigin = 'https://app.example.com';

/** The shared test catalog plus a portal configuration that allows every flow the server can deep-link to. */
export const benchSeed: EmulatorSeed = seedWithPortal;

/**
 * A Stripe client for the emulator. No retries by default, so the request log counts exactly the calls an action
 * makes; pass `maxNetworkRetries: 2` for a Plankit instance that must run as an app would (Plankit warns below 2).
 */
export function stripeFor(emulator: Emulator, options: { maxNetworkRetries?: number } = {}): Stripe {
  return new Stripe(emulator.secretKey, {
    ...emulator.stripeConfig,
    maxNetworkRetries: options.maxNetworkRetries ?? 0,
    timeout: 10_000,
  });
}

/** Plankit as an app would configure it with every feature on; identity from the `x-user` header. */
export function createBilling(
  emulator: Emulator,
  plans: PlansInput = planConfig,
  extra: Partial<PlankitOptions> = {},
): Plankit {
  return createPlankit({
    stripe: stripeFor(emulator),
    identify: (request) => {
      const userId = request.headers.get('x-user');
      return userId ? { userId, email: `${userId}@example.com`, name: `User ${userId}` } : null;
    },
    plans: definePlans(plans),
    allowedOrigins: [appOrigin],
    store: createMemoryStore(),
    retention: { couponId: retentionCouponId },
    cancel: { modes: ['portal', 'at_period_end', 'immediately'] },
    planChange: { inApp: true },
    logger: { warn: () => {}, error: () => {} },
    ...extra,
  });
}

export interface Reply {
  status: number;
  // The bench reads a few fields of arbitrary route replies.
  json: Record<string, unknown> & { [key: string]: unknown };
}

/** Calls a route the way the React kit does: JSON body, same-origin `Origin`, signed-in user. */
export async function callRoute(
  billing: Plankit,
  path: string,
  user: string,
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = { 'x-user': user };
  const init: RequestInit = { method: body === undefined ? 'GET' : 'POST', headers };
  if (body !== undefined) {
    headers.origin = appOrigin;
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await billing.handler(new Request(`http://localhost${billing.basePath}${path}`, init));
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Reply['json']) : {} };
}

export async function startBenchEmulator(): Promise<Emulator> {
  return startEmulator({ seed: benchSeed });
}
