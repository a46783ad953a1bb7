import { previewChangeResponseSchema, subscriptionStateSchema } from '@plankit/core';
import { retentionCouponId } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { beforeEach, describe, expect, test } from 'vitest';
import { call, customerOf, makeBilling, stripeCalls, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

/** A user with a customer (made through the server) and an active subscription. */
async function subscribed(
  billing: ReturnType<typeof makeBilling>,
  user: string,
  lookupKeys = ['pro_monthly'],
  quantity = 1,
) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user))!;
  const subscription = await subscribeDirectly(env.stripe, customer, lookupKeys, { quantity });
  return { customer, subscription };
}

function mutations(): string[] {
  return stripeCalls(env.emulator).filter((line) => line.startsWith('POST') || line.startsWith('DELETE'));
}

let billing: ReturnType<typeof makeBilling>;
beforeEach(() => {
  billing = makeBilling(env.emulator, {
    retention: { couponId: retentionCouponId },
    cancel: { modes: ['portal', 'at_period_end', 'immediately'] },
    // These tests charge upgrades at once; test/proration.test.ts covers every behaviour.
    planChange: { inApp: true, prorationBehavior: 'always_invoice' },
  });
});

describe('GET /subscription', () => {
  test('none for a new user (no Stripe customer is created)', async () => {
    const reply = await call(billing, '/subscription', undefined, { user: 'nobody' });
    expect(reply.json).toEqual({ subscriptions: [] });
    expect(mutations()).toEqual([]);
  });

  test('plan key, items, quantity, period end and card', async () => {
    const { subscription } = await subscribed(billing, 'alice', ['team_monthly', 'analytics_monthly'], 3);
    const reply = await call(billing, '/subscription', undefined, { user: 'alice' });
    const state = subscriptionStateSchema.parse(reply.json);
    expect(state.subscriptions).toHaveLength(1);
    const summary = state.subscriptions[0]!;
    expect(summary).toMatchObject({
      id: subscription.id,
      status: 'active',
      planKey: 'team',
      interval: 'month',
      currency: 'usd',
      quantity: 3,
      addOns: ['analytics'],
      cancelAtPeriodEnd: false,
      retentionOfferAvailable: true,
    });
    expect(summary.items.map((item) => [item.kind, item.key])).toEqual([
      ['plan', 'team'],
      ['add_on', 'analytics'],
    ]);
    expect(summary.currentPeriodEnd).not.toBeNull();
    expect(summary.paymentMethod).toMatchObject({ brand: 'visa', last4: '4242' });
  });
});

describe('ownership', () => {
  test("another user's subscription id is subscription_not_found on every route, and nothing is mutated", async () => {
    const { subscription } = await subscribed(billing, 'alice');
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'mallory' });
    env.emulator.clearRequestLog();
    const attempts: Array<[string, unknown]> = [
      ['/portal', { flow: 'subscription_cancel', subscription: subscription.id }],
      ['/portal', { flow: 'subscription_update', subscription: subscription.id }],
      [
        '/portal',
        {
          flow: 'subscription_update_confirm',
          subscription: subscription.id,
          plan: 'starter',
          interval: 'month',
        },
      ],
      ['/preview-change', { subscription: subscription.id, plan: 'starter', interval: 'month' }],
      ['/change-plan', { subscription: subscription.id, plan: 'starter', interval: 'month' }],
      [
        '/cancel',
        { subscription: subscription.id, reason: 'other', mode: 'immediately', declineOffer: true },
      ],
      ['/retention/accept', { subscription: subscription.id }],
      ['/resume', { subscription: subscription.id }],
    ];
    for (const [path, body] of attempts) {
      for (const user of ['mallory', 'stranger']) {
        const reply = await call(billing, path, body, { user });
        expect(reply.status, `${path} as ${user}`).toBe(404);
        expect(reply.json.error.code).toBe('subscription_not_found');
      }
    }
    const unknown = await call(billing, '/resume', { subscription: 'sub_doesnotexist' }, { user: 'alice' });
    expect(unknown.json.error.code).toBe('subscription_not_found');
    expect(mutations()).toEqual([]);
    expect((await env.stripe.subscriptions.retrieve(subscription.id)).status).toBe('active');
    // Each attempt on a real customer's subscription is logged for the operator, naming who asked for what.
    expect(billing.log).toContain(
      `warn Plankit: user mallory asked for subscription ${subscription.id} of another customer`,
    );
    // A user without a customer is answered before Stripe is asked for the subscription at all.
    expect(billing.log.filter((line) => line.includes('user stranger'))).toEqual([]);
  });
});

describe('POST /portal', () => {
  test('asks Stripe only for page locales it has: a regional tag falls back to its language, others to auto', async () => {
    await subscribed(billing, 'alice');
    const localeSent = async (locale: string) => {
      env.emulator.clearRequestLog();
      const answer = await call(billing, '/portal', { flow: 'homepage', locale }, { user: 'alice' });
      expect(answer.status).toBe(200);
      return env.emulator.requestLog()[0]?.params.locale;
    };
    expect(await localeSent('de-AT')).toBe('de');
    expect(await localeSent('zh-TW')).toBe('zh-TW');
    expect(await localeSent('he')).toBeUndefined();
  });

  test('homepage and payment_method_update with after_completion, in at most 2 Stripe calls', async () => {
    const { customer } = await subscribed(billing, 'alice');
    env.emulator.clearRequestLog();
    const home = await call(
      billing,
      '/portal',
      { flow: 'homepage', returnTo: '/account' },
      { user: 'alice' },
    );
    expect(home.json.type).toBe('portal');
    expect(stripeCalls(env.emulator)).toEqual(['POST /v1/billing_portal/sessions']);
    const sessions = env.emulator.requestLog();
    expect(sessions[0]?.params).toMatchObject({ customer, return_url: 'https://app.example.com/account' });
    env.emulator.clearRequestLog();
    const update = await call(
      billing,
      '/portal',
      { flow: 'payment_method_update', afterCompletion: { type: 'hosted_confirmation', message: 'Thanks!' } },
      { user: 'alice' },
    );
    expect(update.status).toBe(200);
    expect(env.emulator.requestLog()[0]?.params).toMatchObject({
      flow_data: {
        type: 'payment_method_update',
        after_completion: { type: 'hosted_confirmation', hosted_confirmation: { custom_message: 'Thanks!' } },
      },
    });
  });

  test('subscription_cancel, subscription_update and subscription_update_confirm (items built on the server)', async () => {
    const { subscription } = await subscribed(billing, 'alice', ['pro_monthly']);
    env.emulator.clearRequestLog();
    const cancel = await call(
      billing,
      '/portal',
      {
        flow: 'subscription_cancel',
        subscription: subscription.id,
        afterCompletion: { type: 'redirect', returnTo: '/bye' },
      },
      { user: 'alice' },
    );
    expect(cancel.status).toBe(200);
    expect(stripeCalls(env.emulator)).toHaveLength(2);
    expect(env.emulator.requestLog()[1]?.params).toMatchObject({
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: subscription.id },
        after_completion: { type: 'redirect', redirect: { return_url: 'https://app.example.com/bye' } },
      },
    });
    const update = await call(
      billing,
      '/portal',
      {
        flow: 'subscription_update',
        subscription: subscription.id,
        afterCompletion: { type: 'portal_homepage' },
      },
      { user: 'alice' },
    );
    expect(update.status).toBe(200);
    await call(billing, '/plans');
    env.emulator.clearRequestLog();
    const confirm = await call(
      billing,
      '/portal',
      { flow: 'subscription_update_confirm', subscription: subscription.id, plan: 'pro', interval: 'year' },
      { user: 'alice' },
    );
    expect(confirm.status).toBe(200);
    expect(stripeCalls(env.emulator)).toHaveLength(2);
    const yearly = (await env.stripe.prices.list({ lookup_keys: ['pro_yearly'] })).data[0]!;
    expect(env.emulator.requestLog()[1]?.params).toMatchObject({
      flow_data: {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: subscription.id,
          items: [{ id: subscription.items.data[0]!.id, price: yearly.id, quantity: '1' }],
        },
      },
    });
    const same = await call(
      billing,
      '/portal',
      { flow: 'subscription_update_confirm', subscription: subscription.id, plan: 'pro', interval: 'month' },
      { user: 'alice' },
    );
    expect(same.json.error.code).toBe('no_change');
  });
});

describe('plan changes', () => {
  test('preview-change returns the proration from Stripe, change-plan applies it', async () => {
    const { subscription } = await subscribed(billing, 'alice', ['starter_monthly']);
    env.emulator.clearRequestLog();
    const preview = await call(
      billing,
      '/preview-change',
      { subscription: subscription.id, plan: 'pro', interval: 'month' },
      { user: 'alice' },
    );
    expect(preview.status).toBe(200);
    const parsed = previewChangeResponseSchema.parse(preview.json);
    expect(parsed.currency).toBe('usd');
    expect(parsed.dueNow).toBeGreaterThan(0);
    expect(parsed.dueNow).toBeLessThanOrEqual(2900 - 900);
    expect(parsed.nextInvoice.amount).toBe(2900);
    expect(parsed.lines.some((line) => line.proration)).toBe(true);
    expect(mutations().filter((line) => !line.includes('/invoices/create_preview'))).toEqual([]);
    const applied = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'pro', interval: 'month', prorationDate: parsed.prorationDate },
      { user: 'alice' },
    );
    expect(applied.status).toBe(200);
    expect(applied.json.subscription).toMatchObject({ planKey: 'pro', interval: 'month' });
    const stale = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'starter', interval: 'month', prorationDate: 1 },
      { user: 'alice' },
    );
    expect(stale.json.error.code).toBe('invalid_request');
  });

  test('a declined in-app upgrade answers 402 card_declined and leaves the subscription as it was', async () => {
    const { customer, subscription } = await subscribed(billing, 'dora', ['starter_monthly']);
    // The card that paid the first invoice is replaced by one that declines later charges.
    const failing = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    const invoicesBefore = (await env.stripe.invoices.list({ customer })).data.length;
    env.emulator.clearRequestLog();
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'pro', interval: 'month' },
      { user: 'dora' },
    );
    expect(reply.status).toBe(402);
    expect(reply.json.error.code).toBe('card_declined');
    const update = env.emulator
      .requestLog()
      .find((entry) => entry.method === 'POST' && entry.path === `/v1/subscriptions/${subscription.id}`);
    expect(update?.params).toMatchObject({
      payment_behavior: 'error_if_incomplete',
      proration_behavior: 'always_invoice',
    });
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.status).toBe('active');
    expect(after.items.data.map((item) => item.price.lookup_key)).toEqual(['starter_monthly']);
    expect(after.latest_invoice).toBe(subscription.latest_invoice);
    expect((await env.stripe.invoices.list({ customer })).data).toHaveLength(invoicesBefore);
    const state = await call(billing, '/subscription', undefined, { user: 'dora' });
    expect(state.json.subscriptions[0]).toMatchObject({ planKey: 'starter', status: 'active' });
  });

  test('after a declined change, the same preview confirmed again with a working card is tried, not replayed', async () => {
    const { customer, subscription } = await subscribed(billing, 'erin', ['starter_monthly']);
    const failing = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    const change = { subscription: subscription.id, plan: 'pro', interval: 'month' };
    const preview = await call(billing, '/preview-change', change, { user: 'erin' });
    const confirmed = { ...change, prorationDate: preview.json.prorationDate };
    const declined = await call(billing, '/change-plan', confirmed, { user: 'erin' });
    expect(declined.json.error.code).toBe('card_declined');
    const working = await env.stripe.paymentMethods.attach('pm_card_visa', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: working.id });
    const retried = await call(billing, '/change-plan', confirmed, { user: 'erin' });
    expect(retried.status).toBe(200);
    expect(retried.json.subscription).toMatchObject({ planKey: 'pro' });
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data.map((item) => item.price.lookup_key)).toEqual(['pro_monthly']);
  });

  test('change-plan is feature_disabled unless the app enables it', async () => {
    const strict = makeBilling(env.emulator);
    const reply = await call(strict, '/change-plan', {
      subscription: 'sub_1',
      plan: 'pro',
      interval: 'month',
    });
    expect(reply.status).toBe(404);
    expect(reply.json.error.code).toBe('feature_disabled');
  });
});

describe('reading the subscription a route changes', () => {
  test('one Stripe read with the customer expanded: the retention offer needs no separate customer read', async () => {
    const { customer, subscription } = await subscribed(billing, 'olga');
    env.emulator.clearRequestLog();
    const offer = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'olga' },
    );
    expect(offer.json.type).toBe('retention_offer');
    const reads = stripeCalls(env.emulator).filter((line) => line.startsWith('GET'));
    expect(reads.filter((line) => line === `GET /v1/subscriptions/${subscription.id}`)).toHaveLength(1);
    expect(reads).not.toContain(`GET /v1/customers/${customer}`);
  });

  test('Stripe unavailable while reading it is 503 stripe_unavailable, not subscription_not_found', async () => {
    const { subscription } = await subscribed(billing, 'omar');
    // Every attempt of the SDK (it retries twice) answers 429.
    env.emulator.failNext({
      fault: 'rate_limit',
      count: 3,
      match: { method: 'GET', path: `/v1/subscriptions/${subscription.id}` },
    });
    const reply = await call(billing, '/resume', { subscription: subscription.id }, { user: 'omar' });
    expect([reply.status, reply.json.error.code]).toEqual([503, 'stripe_unavailable']);
  });
});

describe('cancel, retention and resume', () => {
  test('the retention offer comes once per subscription, across instances', async () => {
    const { subscription } = await subscribed(billing, 'alice');
    const first = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'alice' },
    );
    expect(first.json).toEqual({
      type: 'retention_offer',
      offer: {
        name: '25% off for 3 months',
        percentOff: 25,
        amountOff: null,
        currency: null,
        duration: 'repeating',
        durationInMonths: 3,
      },
    });
    // A second instance with its own memory: the subscription's metadata says the offer was made.
    const other = makeBilling(env.emulator, { retention: { couponId: retentionCouponId } });
    const second = await call(
      other,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive', comment: 'Pricey' },
      { user: 'alice' },
    );
    expect(second.json.type).toBe('portal');
    // Not confirmed in the portal yet: no reason is written (test/cancellation-guards.test.ts records it later).
    const recorded = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(recorded.cancellation_details?.feedback ?? null).toBeNull();
  });

  test('the portal cancel flow is refused for a subscription already set to end, before anything is written', async () => {
    const { subscription } = await subscribed(billing, 'dora');
    await env.stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'unused' },
    });
    env.emulator.clearRequestLog();
    const answer = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive', mode: 'portal', declineOffer: true },
      { user: 'dora' },
    );
    expect(answer.status).toBe(409);
    expect(answer.json.error.code).toBe('subscription_not_active');
    expect(mutations()).toEqual([]);
    const kept = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(kept.cancellation_details?.feedback).toBe('unused');
  });

  test('accepting the offer also lifts a cancellation scheduled with cancel_at (not at period end)', async () => {
    // The cancellation is set outside Plankit, so lifting it takes the app's consent (issue 15.10).
    billing = makeBilling(env.emulator, {
      retention: { couponId: retentionCouponId },
      cancel: { modes: ['portal', 'at_period_end'], liftAnyCancellation: true },
    });
    const { subscription } = await subscribed(billing, 'carol');
    const inTenDays = Math.floor(Date.now() / 1000) + 10 * 24 * 60 * 60;
    await env.stripe.subscriptions.update(subscription.id, { cancel_at: inTenDays });
    const offer = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'carol' },
    );
    expect(offer.json.type).toBe('retention_offer');
    const accepted = await call(
      billing,
      '/retention/accept',
      { subscription: subscription.id },
      { user: 'carol' },
    );
    expect(accepted.json).toMatchObject({ type: 'retained', subscription: { cancelAt: null } });
    const kept = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(kept.cancel_at).toBeNull();
    // The accept re-synced the snapshot: the next read shows the lifted cancellation at 0 Stripe calls.
    env.emulator.clearRequestLog();
    const read = await call(billing, '/subscription', undefined, { user: 'carol' });
    expect(read.json.subscriptions[0]).toMatchObject({ cancelAt: null, cancelAtPeriodEnd: false });
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('accepting the offer applies the coupon once; a second accept is retention_unavailable', async () => {
    const { subscription } = await subscribed(billing, 'alice');
    await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'alice' },
    );
    const [accepted, twice] = await Promise.all([
      call(billing, '/retention/accept', { subscription: subscription.id }, { user: 'alice' }),
      call(billing, '/retention/accept', { subscription: subscription.id }, { user: 'alice' }),
    ]);
    expect(accepted.json.type).toBe('retained');
    expect(accepted.json.subscription.discount).toMatchObject({ percentOff: 25 });
    expect(accepted.json.subscription.retentionOfferAvailable).toBe(false);
    expect([200, 409]).toContain(twice.status);
    const updated = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(updated.discounts).toHaveLength(1);
    const again = await call(
      billing,
      '/retention/accept',
      { subscription: subscription.id },
      { user: 'alice' },
    );
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('retention_unavailable');
    const offerAgain = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'unused', mode: 'at_period_end' },
      { user: 'alice' },
    );
    expect(offerAgain.json.type).toBe('canceled');
  });

  test("resume lifts exactly what was scheduled and drops the customer's mark", async () => {
    const { subscription } = await subscribed(billing, 'remy');
    await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'unused', mode: 'at_period_end', declineOffer: true },
      { user: 'remy' },
    );
    const marked = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(marked.metadata.plankit_customer_cancel_at).toBe(String(marked.items.data[0]?.current_period_end));
    env.emulator.clearRequestLog();
    const resumed = await call(billing, '/resume', { subscription: subscription.id }, { user: 'remy' });
    expect(resumed.status).toBe(200);
    const update = env.emulator
      .requestLog()
      .find((entry) => entry.method === 'POST' && entry.path === `/v1/subscriptions/${subscription.id}`);
    expect(update?.params).toMatchObject({ cancel_at_period_end: 'false' });
    expect(update?.params).not.toHaveProperty('cancel_at');
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect([after.cancel_at_period_end, after.cancel_at]).toEqual([false, null]);
    expect(after.metadata).not.toHaveProperty('plankit_customer_cancel_at');

    // A cancellation at a date (set outside Plankit, lifted with the app's consent) is lifted by clearing the date.
    const liftAny = makeBilling(env.emulator, {
      cancel: { modes: ['at_period_end'], liftAnyCancellation: true },
    });
    const inTenDays = Math.floor(Date.now() / 1000) + 10 * 24 * 60 * 60;
    await env.stripe.subscriptions.update(subscription.id, { cancel_at: inTenDays });
    env.emulator.clearRequestLog();
    expect((await call(liftAny, '/resume', { subscription: subscription.id }, { user: 'remy' })).status).toBe(
      200,
    );
    const dated = env.emulator
      .requestLog()
      .find((entry) => entry.method === 'POST' && entry.path === `/v1/subscriptions/${subscription.id}`);
    expect(dated?.params).toMatchObject({ cancel_at: '' });
    expect(dated?.params).not.toHaveProperty('cancel_at_period_end');
    expect((await env.stripe.subscriptions.retrieve(subscription.id)).cancel_at).toBeNull();
  });

  test('at period end, then resume; immediately; modes the app does not allow are refused', async () => {
    const { subscription } = await subscribed(billing, 'alice');
    const atEnd = await call(
      billing,
      '/cancel',
      {
        subscription: subscription.id,
        reason: 'switched_service',
        mode: 'at_period_end',
        declineOffer: true,
      },
      { user: 'alice' },
    );
    expect(atEnd.json).toMatchObject({
      type: 'canceled',
      subscription: { cancelAtPeriodEnd: true, cancellation: { reason: 'switched_service' } },
    });
    const resumed = await call(billing, '/resume', { subscription: subscription.id }, { user: 'alice' });
    expect(resumed.json).toMatchObject({ type: 'resumed', subscription: { cancelAtPeriodEnd: false } });
    const notScheduled = await call(billing, '/resume', { subscription: subscription.id }, { user: 'alice' });
    expect(notScheduled.json.error.code).toBe('subscription_not_active');
    const now = await call(
      billing,
      '/cancel',
      {
        subscription: subscription.id,
        reason: 'other',
        comment: 'Bye',
        mode: 'immediately',
        declineOffer: true,
      },
      { user: 'alice' },
    );
    expect(now.json).toMatchObject({ type: 'canceled', subscription: { status: 'canceled' } });
    const canceled = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'other', declineOffer: true },
      { user: 'alice' },
    );
    expect(canceled.json.error.code).toBe('subscription_not_active');
    const portalOnly = makeBilling(env.emulator);
    const refused = await call(
      portalOnly,
      '/cancel',
      { subscription: subscription.id, reason: 'other', mode: 'immediately' },
      { user: 'alice' },
    );
    expect(refused.json.error.code).toBe('feature_disabled');
    const retentionOff = await call(
      portalOnly,
      '/retention/accept',
      { subscription: subscription.id },
      { user: 'alice' },
    );
    expect(retentionOff.json.error.code).toBe('feature_disabled');
  });

  test('the default mode keeps the reason for the webhook and answers the portal cancel deep link', async () => {
    const { subscription } = await subscribed(billing, 'alice');
    env.emulator.clearRequestLog();
    const reply = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'missing_features', declineOffer: true },
      { user: 'alice' },
    );
    expect(reply.json.type).toBe('portal');
    const portalCall = env.emulator
      .requestLog()
      .find((entry) => entry.path === '/v1/billing_portal/sessions');
    expect(portalCall?.params).toMatchObject({ flow_data: { type: 'subscription_cancel' } });
    const stored: Stripe.Subscription = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(stored.cancellation_details?.feedback ?? null).toBeNull();
  });
});
