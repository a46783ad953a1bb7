import { errorCodes } from '@plankit/core';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, makeBilling, stripeFor } from '../src/billing';
import { seed } from '../src/fixtures';
import { benignUrls, hostileUrl } from '../src/hostile-urls';
import { customerFor, stripeCalls, subscribeDirectly } from '../src/stripe-state';

/*
 * Every field that ends up as a redirect target (Checkout's success/cancel URLs, the portal's return_url, a flow's
 * after_completion redirect), fed generated hostile addresses through the real handler. None may be accepted and
 * no session may be created for any of them.
 */

const runs = 320;
const user = 'redirect-owner';
let emulator: Emulator;
let stripe: Stripe;
let subscription: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  stripe = stripeFor(emulator);
  const customer = await customerFor(stripe, user);
  subscription = (await subscribeDirectly(stripe, customer, ['pro_monthly'])).id;
});
afterAll(async () => {
  await emulator?.close();
});

type Field = { name: string; path: string; body: (returnTo: string) => unknown };

function portalFields(flow: string, extra: Record<string, unknown>): Field[] {
  const fields: Field[] = [
    { name: `portal ${flow} returnTo`, path: '/portal', body: (returnTo) => ({ flow, ...extra, returnTo }) },
  ];
  if (flow !== 'homepage') {
    fields.push({
      name: `portal ${flow} afterCompletion.returnTo`,
      path: '/portal',
      body: (returnTo) => ({ flow, ...extra, afterCompletion: { type: 'redirect', returnTo } }),
    });
  }
  return fields;
}

function fields(): Field[] {
  return [
    {
      name: 'checkout returnTo',
      path: '/checkout',
      body: (returnTo) => ({ plan: 'starter', interval: 'month', returnTo }),
    },
    {
      name: 'checkout returnTo (new customer)',
      path: '/checkout',
      body: (returnTo) => ({ plan: 'pro', interval: 'year', returnTo }),
    },
    ...portalFields('homepage', {}),
    ...portalFields('payment_method_update', {}),
    ...portalFields('subscription_cancel', { subscription }),
    ...portalFields('subscription_update', { subscription }),
    ...portalFields('subscription_update_confirm', { subscription, plan: 'starter', interval: 'month' }),
  ];
}

function sessionCount() {
  return (
    Object.keys(emulator.state.checkoutSessions).length + Object.keys(emulator.state.portalSessions).length
  );
}

describe('open redirects through the real handler', () => {
  test('every redirect-bearing field accepts the app’s own addresses (the control)', async () => {
    const billing = makeBilling(emulator);
    for (const field of fields()) {
      const callUser = field.name.includes('new customer') ? 'redirect-newcomer' : user;
      for (const returnTo of benignUrls) {
        const reply = await call(billing, field.path, field.body(returnTo), { user: callUser });
        expect(reply.status, `${field.name} ${returnTo}: ${reply.text}`).toBe(200);
      }
    }
  });

  test(`${runs} generated hostile addresses per field: none accepted, no session created`, async () => {
    const billing = makeBilling(emulator);
    const all = fields();
    const before = sessionCount();
    emulator.clearRequestLog();
    const seen = new Set<string>();
    const refusals: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(hostileUrl, async (returnTo) => {
        seen.add(returnTo);
        for (const field of all) {
          const reply = await call(billing, field.path, field.body(returnTo), { user });
          const code = reply.json?.error?.code as keyof typeof errorCodes | undefined;
          refusals[code ?? `status ${reply.status}`] = (refusals[code ?? `status ${reply.status}`] ?? 0) + 1;
          if (code !== 'redirect_not_allowed' && code !== 'invalid_request') {
            throw new Error(
              `${field.name} accepted ${JSON.stringify(returnTo)}: ${reply.status} ${reply.text}`,
            );
          }
          expect(reply.status).toBe(errorCodes[code].status);
        }
      }),
      { numRuns: runs },
    );
    const sessionCalls = stripeCalls(emulator).filter(
      (line) => line === 'POST /v1/checkout/sessions' || line === 'POST /v1/billing_portal/sessions',
    );
    console.log(
      `open redirect: ${seen.size} distinct hostile URLs x ${all.length} fields = ${seen.size * all.length} requests; ` +
        `refusals ${JSON.stringify(refusals)}; session creations sent to Stripe: ${sessionCalls.length}`,
    );
    expect(seen.size).toBeGreaterThanOrEqual(200);
    expect(sessionCalls).toEqual([]);
    expect(sessionCount()).toBe(before);
  });
});
