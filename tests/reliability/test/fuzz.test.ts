import { errorBodySchema, errorCodes, isErrorCode, routes } from '@plankit/core';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { retentionCouponId } from '@plankit/test-utils';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeBilling, stripeFor } from '../src/billing';
import { type FuzzSample, fuzzSample, type MutationRoute } from '../src/body-arbitraries';
import { appOrigin, plans, seed } from '../src/fixtures';
import { customerFor, liveSubscriptionsOf, subscribeDirectly } from '../src/stripe-state';

/*
 * 10,000 generated bodies per run, in process against the real handler (a fixed signed-in user with an active
 * subscription, so valid checkouts are redirected to the portal rather than creating sessions). Zero 5xx; every
 * refusal is a core error code with its documented status; every success matches the route's response schema;
 * nothing leaks onto Object.prototype.
 */

const samples = Number(process.env.PLANKIT_FUZZ_SAMPLES ?? 10_000);
const user = 'fuzzer';
const mutationRoutes = Object.keys(routes).filter(
  (name) => name !== 'plans' && name !== 'subscription',
) as MutationRoute[];

let emulator: Emulator;
let stripe: Stripe;
let subscription: string;
let customer: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  stripe = stripeFor(emulator);
  customer = await customerFor(stripe, user);
  subscription = (await subscribeDirectly(stripe, customer, ['pro_monthly'])).id;
});
afterAll(async () => {
  await emulator?.close();
});

describe('fuzzing every mutation with bodies derived from the core schemas', () => {
  test(`${samples} bodies: zero 5xx, every refusal a stable code with its status`, async () => {
    // Every optional feature on, so valid bodies run the deepest paths (in-app plan changes, retention offers);
    // cancelling stays portal-only, so the fuzzing user keeps their subscription.
    const billing = makeBilling(emulator, {
      planChange: { inApp: true },
      retention: { couponId: retentionCouponId },
    });
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
    const context = {
      planKeys: plans.plans.map((plan) => plan.key),
      addOnKeys: plans.addOns.map((addOn) => addOn.key),
      ownSubscription: subscription,
    };
    const codes: Record<string, number> = {};
    const kinds: Record<string, number> = {};
    let successes = 0;
    let count = 0;
    emulator.clearRequestLog();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(fuzzSample(mutationRoutes, context), async (sample: FuzzSample) => {
        count += 1;
        kinds[sample.kind] = (kinds[sample.kind] ?? 0) + 1;
        const route = routes[sample.route];
        const response = await billing.handler(
          new Request(`http://localhost/api/billing${route.path}`, {
            method: 'POST',
            headers: { origin: appOrigin, 'content-type': 'application/json', 'x-test-user': user },
            body: sample.body,
          }),
        );
        const text = await response.text();
        const where = `${sample.route} ${typeof sample.body === 'string' ? sample.body.slice(0, 300) : '<bytes>'} -> ${response.status} ${text.slice(0, 300)}`;
        if (response.status >= 500) throw new Error(`5xx: ${where}`);
        const json: unknown = JSON.parse(text);
        if (response.status === 200) {
          successes += 1;
          const parsed = route.response.safeParse(json);
          if (!parsed.success) throw new Error(`200 off-contract: ${where}`);
          codes['200'] = (codes['200'] ?? 0) + 1;
          return;
        }
        const error = errorBodySchema.safeParse(json);
        if (!error.success || !isErrorCode(error.data.error.code))
          throw new Error(`not a core error body: ${where}`);
        const code = error.data.error.code;
        if (errorCodes[code].status !== response.status)
          throw new Error(`status does not match ${code}: ${where}`);
        codes[code] = (codes[code] ?? 0) + 1;
      }),
      { numRuns: samples },
    );
    const seconds = (performance.now() - started) / 1000;
    const stripeRequests = emulator.requestLog().length;
    console.log(
      `fuzz: ${count} bodies in ${seconds.toFixed(1)} s (${Math.round(count / seconds)}/s) ${JSON.stringify(kinds)}; ` +
        `answers ${JSON.stringify(codes)}; 5xx: 0; Stripe requests made: ${stripeRequests}`,
    );
    expect(count).toBe(samples);
    // Valid bodies really went through: some succeeded and some reached the ownership check.
    expect(successes).toBeGreaterThan(0);
    expect(codes.invalid_request).toBeGreaterThan(samples / 4);
    // Prototype keys in bodies polluted nothing.
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // And the fuzzing left the user with exactly their one subscription.
    expect(liveSubscriptionsOf(emulator, customer).map((live) => live.id)).toEqual([subscription]);
    expect(billing.log.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  }, 90_000);
});
