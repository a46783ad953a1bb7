import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { retentionCouponId } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, makeBilling, stripeFor } from '../src/billing';
import { seed } from '../src/fixtures';
import { customerFor, stripeCalls, subscribeDirectly } from '../src/stripe-state';

/*
 * Every route that takes a subscription id, given a subscription of another customer, in every state where the
 * route would otherwise act (active, cancelling at period end, retention offered, trialing), by attackers with and
 * without a Stripe customer of their own, one at a time and all at once: always subscription_not_found, and the
 * emulator's request log shows reads only: no update, cancel, invoice preview or portal session for the victim.
 */

let emulator: Emulator;
let stripe: Stripe;
const victims: Record<string, Stripe.Subscription> = {};

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  stripe = stripeFor(emulator);
  const victim = await customerFor(stripe, 'victim');
  victims.active = await subscribeDirectly(stripe, victim, ['pro_monthly']);
  const other = await customerFor(stripe, 'victim-2');
  const cancelling = await subscribeDirectly(stripe, other, ['team_monthly', 'analytics_monthly'], {
    quantity: 3,
  });
  victims.cancelling = await stripe.subscriptions.update(cancelling.id, { cancel_at_period_end: true });
  const third = await customerFor(stripe, 'victim-3');
  const offered = await subscribeDirectly(stripe, third, ['starter_yearly']);
  victims.offered = await stripe.subscriptions.update(offered.id, {
    metadata: { plankit_retention: 'offered' },
  });
  const fourth = await customerFor(stripe, 'victim-4');
  const prices = await stripe.prices.list({ lookup_keys: ['pro_yearly'] });
  victims.trialing = await stripe.subscriptions.create({
    customer: fourth,
    items: [{ price: prices.data[0]!.id }],
    trial_period_days: 14,
  });
  // An attacker who is a paying customer too (their own customer and subscription exist).
  const attacker = await customerFor(stripe, 'mallory');
  await subscribeDirectly(stripe, attacker, ['starter_monthly']);
});
afterAll(async () => {
  await emulator?.close();
});

function attempts(subscription: string): Array<[string, Record<string, unknown>]> {
  const change = { subscription, plan: 'starter', interval: 'month' };
  return [
    ['/portal', { flow: 'subscription_cancel', subscription }],
    ['/portal', { flow: 'subscription_update', subscription }],
    ['/portal', { flow: 'subscription_update_confirm', ...change }],
    ['/portal', { flow: 'subscription_cancel', subscription, afterCompletion: { type: 'portal_homepage' } }],
    ['/preview-change', change],
    ['/preview-change', { ...change, plan: 'team', quantity: 5, addOns: ['analytics'] }],
    ['/change-plan', change],
    ['/change-plan', { ...change, interval: 'year', prorationDate: Math.floor(Date.now() / 1000) }],
    ['/cancel', { subscription, reason: 'other' }],
    [
      '/cancel',
      { subscription, reason: 'too_expensive', comment: 'x', mode: 'immediately', declineOffer: true },
    ],
    ['/cancel', { subscription, reason: 'unused', mode: 'at_period_end', declineOffer: true }],
    ['/cancel', { subscription, reason: 'unused', mode: 'portal', declineOffer: true }],
    ['/retention/accept', { subscription }],
    ['/resume', { subscription }],
  ];
}

/** Fields that would show any change the attacker managed to make. */
function fingerprint(subscription: Stripe.Subscription) {
  return JSON.stringify({
    status: subscription.status,
    cancel: subscription.cancel_at_period_end,
    cancelAt: subscription.cancel_at,
    details: subscription.cancellation_details,
    metadata: subscription.metadata,
    discounts: subscription.discounts,
    items: subscription.items.data.map((item) => [item.price.id, item.quantity]),
  });
}

function swapCase(text: string): string {
  return [...text]
    .map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase()))
    .join('');
}

describe('ownership: another customer’s subscription id', () => {
  test('every route, every victim state, two attackers: subscription_not_found and no mutation in Stripe', async () => {
    const billing = makeBilling(emulator, {
      retention: { couponId: retentionCouponId },
      cancel: { modes: ['portal', 'at_period_end', 'immediately'] },
      planChange: { inApp: true },
    });
    const before = Object.fromEntries(
      await Promise.all(
        Object.entries(victims).map(async ([name, sub]) => [
          name,
          fingerprint(await stripe.subscriptions.retrieve(sub.id)),
        ]),
      ),
    );
    emulator.clearRequestLog();
    let refused = 0;
    let sequential = 0;
    for (const attacker of ['mallory', 'stranger']) {
      for (const [state, subscription] of Object.entries(victims)) {
        for (const [path, body] of attempts(subscription.id)) {
          const reply = await call(billing, path, body, { user: attacker });
          sequential += 1;
          expect(reply.status, `${attacker} ${path} ${JSON.stringify(body)} on ${state}: ${reply.text}`).toBe(
            404,
          );
          expect(reply.json.error.code).toBe('subscription_not_found');
          refused += 1;
        }
      }
    }
    // All at once, mixed with the attacker's legitimate reads, as a script would.
    const burst = Object.values(victims).flatMap((subscription) =>
      attempts(subscription.id).map(([path, body]) => call(billing, path, body, { user: 'mallory' })),
    );
    const replies = await Promise.all([
      ...burst,
      call(billing, '/subscription', undefined, { user: 'mallory' }),
    ]);
    const subscriptionRead = replies.pop()!;
    expect(subscriptionRead.status).toBe(200);
    expect(subscriptionRead.json.subscriptions.map((s: { id: string }) => s.id)).not.toContain(
      victims.active!.id,
    );
    for (const reply of replies) {
      expect(reply.json?.error?.code).toBe('subscription_not_found');
      refused += 1;
    }
    const calls = stripeCalls(emulator);
    const writes = calls.filter((line) => !line.startsWith('GET '));
    console.log(
      `ownership: ${refused} foreign-id requests (${sequential} sequential, ${burst.length} concurrent) over ` +
        `${Object.keys(victims).length} victim states -> all subscription_not_found; Stripe calls ${calls.length}, ` +
        `of which writes ${writes.length}`,
    );
    // Reads only: no POST or DELETE to /v1/subscriptions/*, no portal session, no invoice preview for the victim.
    expect(writes).toEqual([]);
    for (const [name, sub] of Object.entries(victims)) {
      expect(fingerprint(await stripe.subscriptions.retrieve(sub.id)), name).toBe(before[name]);
    }
    expect(billing.log.lines.filter((line) => line.includes('another customer')).length).toBeGreaterThan(0);
  });

  test('ids that only look like the victim’s (case, padding, unknown) are refused the same way, before any write', async () => {
    const billing = makeBilling(emulator, { planChange: { inApp: true } });
    const id = victims.active!.id;
    emulator.clearRequestLog();
    for (const candidate of [
      `sub_${swapCase(id.slice(4))}`,
      id.replace('sub_', 'sub_0'),
      `${id}0`,
      'sub_doesnotexist',
    ]) {
      if (candidate === id) continue;
      const reply = await call(billing, '/resume', { subscription: candidate }, { user: 'mallory' });
      expect(reply.json.error.code, candidate).toBe('subscription_not_found');
    }
    for (const malformed of [
      ` ${id}`,
      `${id}\n`,
      `${id}/cancel`,
      id.replace('sub_', 'si_'),
      `${id}?expand[]=customer`,
    ]) {
      const reply = await call(billing, '/resume', { subscription: malformed }, { user: 'mallory' });
      expect(reply.json.error.code, malformed).toBe('invalid_request');
    }
    expect(stripeCalls(emulator).filter((line) => !line.startsWith('GET '))).toEqual([]);
  });
});
