import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import type { PlankitStore } from '../src/index';
import { createMemoryStore } from '../src/store/memory-store';
import {
  call,
  customerOf,
  makeBilling,
  payCheckout,
  stripeCalls,
  subscribeDirectly,
  useEmulator,
} from './harness';
import { settledDeliveries, unansweredDeliveries, useWebhookEndpoint } from './webhook-endpoint';

const env = useEmulator();
const secret = 'whsec_test_plankit';

function signedRequest(payload: string, header: string) {
  return new Request('http://localhost/api/billing/webhook', {
    method: 'POST',
    headers: { 'stripe-signature': header, 'content-type': 'application/json' },
    body: payload,
  });
}

function fakeEvent(id: string, type: string, object: Record<string, unknown>) {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    api_version: '2026-10-28.endive',
    created: 1,
    data: { object },
  });
}

const deliverTo = useWebhookEndpoint(env);

describe('POST /webhook', () => {
  test('verifies the signature on the raw body and its age (300 s)', async () => {
    const seen: string[] = [];
    const billing = makeBilling(env.emulator, {
      webhook: { secret, on: { event: (event) => void seen.push(event.id) } },
    });
    const payload = fakeEvent('evt_1', 'customer.created', { object: 'customer', id: 'cus_1', metadata: {} });
    const good = env.stripe.webhooks.generateTestHeaderString({ payload, secret });
    expect((await billing.handler(signedRequest(payload, good))).status).toBe(200);
    const wrongSecret = env.stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
    const bad = await billing.handler(signedRequest(payload, wrongSecret));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('webhook_signature_invalid');
    const tampered = await billing.handler(signedRequest(payload.replace('cus_1', 'cus_2'), good));
    expect(tampered.status).toBe(400);
    const old = env.stripe.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect((await billing.handler(signedRequest(payload, old))).status).toBe(400);
    const recent = env.stripe.webhooks.generateTestHeaderString({
      payload: payload.replace('evt_1', 'evt_2'),
      secret,
      timestamp: Math.floor(Date.now() / 1000) - 200,
    });
    expect((await billing.handler(signedRequest(payload.replace('evt_1', 'evt_2'), recent))).status).toBe(
      200,
    );
    const unsigned = await billing.handler(
      new Request('http://localhost/api/billing/webhook', { method: 'POST', body: payload }),
    );
    expect(unsigned.status).toBe(400);
    expect(seen).toEqual(['evt_1', 'evt_2']);
  });

  test('each event id is processed once; a failing callback releases it for Stripe to retry', async () => {
    let calls = 0;
    let fail = true;
    const billing = makeBilling(env.emulator, {
      webhook: {
        secret,
        on: {
          subscriptionDeleted: () => {
            calls += 1;
            if (fail) throw new Error('database down');
          },
        },
      },
    });
    const payload = fakeEvent('evt_dup', 'customer.subscription.deleted', {
      object: 'subscription',
      id: 'sub_1',
      customer: 'cus_1',
      metadata: {},
    });
    const header = () => env.stripe.webhooks.generateTestHeaderString({ payload, secret });
    const failed = await billing.handler(signedRequest(payload, header()));
    expect(failed.status).toBe(500);
    expect(JSON.stringify(await failed.json())).not.toContain('database');
    fail = false;
    const [first, second] = await Promise.all([
      billing.handler(signedRequest(payload, header())),
      billing.handler(signedRequest(payload, header())),
    ]);
    expect([first!.status, second!.status].sort()).toEqual([200, 409]);
    const third = await billing.handler(signedRequest(payload, header()));
    expect(await third.json()).toEqual({ received: true, duplicate: true });
    expect(calls).toBe(2);
  });

  test('store failures answer 503 so Stripe retries', async () => {
    const billing = makeBilling(env.emulator, {
      webhook: { secret },
      store: {
        get: async () => {
          throw new Error('redis down');
        },
        set: async () => {
          throw new Error('redis down');
        },
        setIfAbsent: async () => {
          throw new Error('redis down');
        },
        delete: async () => {
          throw new Error('redis down');
        },
        deleteIfValue: async () => {
          throw new Error('redis down');
        },
        extendIfValue: async () => {
          throw new Error('redis down');
        },
        setIfNewer: async () => {
          throw new Error('redis down');
        },
      },
    });
    const payload = fakeEvent('evt_store', 'customer.created', {
      object: 'customer',
      id: 'cus_1',
      metadata: {},
    });
    const response = await billing.handler(
      signedRequest(payload, env.stripe.webhooks.generateTestHeaderString({ payload, secret })),
    );
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('store_unavailable');
    const checkout = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect(checkout.status).toBe(503);
    expect(checkout.json.error.code).toBe('store_unavailable');
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('marking an event done is retried: a store blip after the callbacks ran does not run them again', async () => {
    const base = createMemoryStore();
    let failMarks = 2;
    let markAttempts = 0;
    const store: PlankitStore = {
      ...base,
      async set(key, value, ttlMs) {
        if (value === 'done') {
          markAttempts += 1;
          if (failMarks > 0) {
            failMarks -= 1;
            throw new Error('redis blip');
          }
        }
        return base.set(key, value, ttlMs);
      },
    };
    let calls = 0;
    const billing = makeBilling(env.emulator, {
      store,
      webhook: {
        secret,
        on: {
          event: () => {
            calls += 1;
          },
        },
      },
    });
    const deliver = (id: string) => {
      const payload = fakeEvent(id, 'customer.created', { object: 'customer', id: 'cus_1', metadata: {} });
      return billing.handler(
        signedRequest(payload, env.stripe.webhooks.generateTestHeaderString({ payload, secret })),
      );
    };
    const first = await deliver('evt_blip');
    expect(first.status).toBe(200);
    expect(markAttempts).toBe(3);
    expect(await base.get('plankit:event:evt_blip')).toBe('done');
    expect(await (await deliver('evt_blip')).json()).toEqual({ received: true, duplicate: true });
    expect(calls).toBe(1);

    // The store stays down after the callbacks ran: still 2xx (a 5xx would make Stripe re-run them), logged.
    failMarks = Number.POSITIVE_INFINITY;
    markAttempts = 0;
    expect((await deliver('evt_down')).status).toBe(200);
    expect(markAttempts).toBe(3);
    expect(calls).toBe(2);
    expect(
      billing.log.some((line) => line.includes('evt_down') && line.includes('could not mark it done')),
    ).toBe(true);
  });

  test('without a webhook secret the route is feature_disabled', async () => {
    const billing = makeBilling(env.emulator);
    const response = await billing.handler(signedRequest('{}', 't=1,v1=x'));
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('feature_disabled');
  });

  // Shuffled, partly duplicated deliveries of a dozen events: a timeout generous enough for a loaded machine.
  test('real deliveries: typed callbacks, the cancellation reason, and catalog invalidation', async () => {
    const events: Record<string, number> = {};
    const reasons: Array<{ reason: string | null; comment: string | null; userId: string | null }> = [];
    const count = (name: string) => () => {
      events[name] = (events[name] ?? 0) + 1;
    };
    const billing = await deliverTo({
      subscriptionCreated: count('created'),
      subscriptionUpdated: count('updated'),
      subscriptionDeleted: count('deleted'),
      checkoutCompleted: count('checkout'),
      paymentFailed: count('failed'),
      cancellationReasonRecorded: ({ reason, comment }, context) => {
        reasons.push({ reason, comment, userId: context.userId });
      },
    });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'alice' });
    const customer = (await customerOf(env.stripe, 'alice'))!;
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await env.stripe.subscriptions.update(subscription.id, { metadata: { plankit_user_id: 'alice' } });
    const reply = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_complex', comment: 'Confusing' },
      { user: 'alice' },
    );
    expect(reply.json.type).toBe('portal');
    await env.stripe.subscriptions.cancel(subscription.id);
    await call(billing, '/plans');
    await env.stripe.products.update('prod_pro', { name: 'Pro Plus' });
    await env.emulator.waitForWebhooks();
    expect(events.created).toBe(1);
    expect(events.updated).toBeGreaterThanOrEqual(2);
    expect(events.deleted).toBe(1);
    expect(reasons).toEqual([{ reason: 'too_complex', comment: 'Confusing', userId: 'alice' }]);
    const plans = await call(billing, '/plans');
    expect(plans.json.plans.find((plan: { key: string }) => plan.key === 'pro').name).toBe('Pro Plus');
    const failures = unansweredDeliveries(env.emulator);
    expect(failures).toEqual([]);
  }, 20_000);

  test('safety net: a second subscription created elsewhere is reported and, by option, canceled', async () => {
    const reports: Array<{ kept: string; duplicates: string[]; canceled: boolean }> = [];
    const billing = await deliverTo(
      {
        duplicateSubscription: (report) => {
          reports.push({
            kept: report.kept.id,
            duplicates: report.duplicates.map((s) => s.id),
            canceled: report.canceled,
          });
        },
      },
      { cancelDuplicates: true },
    );
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'bob' });
    const customer = (await customerOf(env.stripe, 'bob'))!;
    const first = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await env.emulator.waitForWebhooks();
    const second: Stripe.Subscription = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    await env.emulator.waitForWebhooks();
    expect(reports).toEqual([{ kept: first.id, duplicates: [second.id], canceled: true }]);
    expect((await env.stripe.subscriptions.retrieve(second.id)).status).toBe('canceled');
    expect((await env.stripe.subscriptions.retrieve(first.id)).status).toBe('active');
  });

  test('safety net without cancelDuplicates: reports and logs, cancels nothing, looks at this customer only', async () => {
    const reports: Array<{ kept: string; duplicates: string[]; canceled: boolean }> = [];
    const billing = await deliverTo({
      duplicateSubscription: (report) => {
        reports.push({
          kept: report.kept.id,
          duplicates: report.duplicates.map((s) => s.id),
          canceled: report.canceled,
        });
      },
    });
    // Another customer with a live subscription in the same account: never part of this customer's report.
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'other' });
    const otherCustomer = (await customerOf(env.stripe, 'other'))!;
    const others = await subscribeDirectly(env.stripe, otherCustomer, ['pro_monthly']);
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'sven' });
    const customer = (await customerOf(env.stripe, 'sven'))!;
    const first = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await env.emulator.waitForWebhooks();
    expect(reports).toEqual([]);
    const second = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    await env.emulator.waitForWebhooks();
    expect(reports).toEqual([{ kept: first.id, duplicates: [second.id], canceled: false }]);
    expect((await env.stripe.subscriptions.retrieve(second.id)).status).toBe('active');
    expect((await env.stripe.subscriptions.retrieve(others.id)).status).toBe('active');
    expect(billing.log).toContain(
      `warn Plankit: customer ${customer} has 2 subscriptions; keeping ${first.id}.`,
    );
  });

  test('safety net with cancelDuplicates logs that it cancels, and needs no callback', async () => {
    const billing = await deliverTo({}, { cancelDuplicates: true });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'tove' });
    const customer = (await customerOf(env.stripe, 'tove'))!;
    const first = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await env.emulator.waitForWebhooks();
    const second = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    await env.emulator.waitForWebhooks();
    expect((await env.stripe.subscriptions.retrieve(second.id)).status).toBe('canceled');
    expect(billing.log).toContain(
      `warn Plankit: customer ${customer} has 2 subscriptions; keeping ${first.id}, canceling the others.`,
    );
    expect(await settledDeliveries(env.emulator)).toEqual([]);
    // No delivery failed on the way (a retry would find the duplicate already canceled and answer 200).
    expect(billing.log.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  test('safety net keeps the oldest paid subscription, whatever the order Stripe lists them in', async () => {
    const kept: string[] = [];
    const billing = await deliverTo({ duplicateSubscription: (report) => void kept.push(report.kept.id) });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'carol' });
    const customer = (await customerOf(env.stripe, 'carol'))!;
    const prices = await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] });
    // An older subscription whose first payment failed is not the one to keep: it is not paid for.
    const card = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    const unpaid = await env.stripe.subscriptions.create({
      customer,
      items: [{ price: prices.data[0]!.id }],
      default_payment_method: card.id,
      payment_behavior: 'default_incomplete',
    });
    expect(unpaid.status).toBe('incomplete');
    env.emulator.advanceClock(60);
    const oldest = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await env.emulator.waitForWebhooks();
    // A minute later, so creation times differ: the newer one is the duplicate.
    env.emulator.advanceClock(60);
    const newer = await subscribeDirectly(env.stripe, customer, ['starter_monthly']);
    await env.emulator.waitForWebhooks();
    expect(newer.created).toBeGreaterThan(oldest.created);
    expect(kept.length).toBeGreaterThan(0);
    expect(new Set(kept)).toEqual(new Set([oldest.id]));
  });
});

describe('previous_attributes: an absent key means unchanged', () => {
  test('cancellationReasonRecorded fires once per reason, not again when only the comment changes', async () => {
    const reasons: Array<string | null> = [];
    const billing = await deliverTo({
      cancellationReasonRecorded: ({ reason }) => {
        reasons.push(reason);
      },
    });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'pia' });
    const customer = (await customerOf(env.stripe, 'pia'))!;
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await env.stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'too_expensive' },
    });
    await env.stripe.subscriptions.update(subscription.id, { cancellation_details: { comment: 'Pricey' } });
    await env.stripe.subscriptions.update(subscription.id, { metadata: { note: 'x' } });
    await env.emulator.waitForWebhooks();
    expect(reasons).toEqual(['too_expensive']);
    // A new reason is a new record.
    await env.stripe.subscriptions.update(subscription.id, { cancellation_details: { feedback: 'other' } });
    await env.emulator.waitForWebhooks();
    expect(reasons).toEqual(['too_expensive', 'other']);
  });
});

describe('typed callbacks: each gets its own object and who it concerns, before the catch-all event', () => {
  test('a paid Checkout: checkoutCompleted and subscriptionCreated with the user, then event', async () => {
    const calls: Array<{ callback: string; id: string; customerId: string | null; userId: string | null }> =
      [];
    const record =
      (callback: string) =>
      (value: { id: string }, context: { customerId: string | null; userId: string | null }) => {
        calls.push({ callback, id: value.id, customerId: context.customerId, userId: context.userId });
      };
    const billing = await deliverTo({
      checkoutCompleted: record('checkoutCompleted'),
      subscriptionCreated: record('subscriptionCreated'),
      paymentFailed: record('paymentFailed'),
      // Called only when there is a duplicate: never with nothing to report.
      duplicateSubscription: (report, context) => record('duplicateSubscription')(report.kept, context),
      event: (event, context) => {
        if (event.type === 'checkout.session.completed') record('event')(event, context);
      },
    });
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'month' }, { user: 'quinn' });
    expect(await payCheckout(reply.json.url)).toBe(303);
    await env.emulator.waitForWebhooks();
    const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
    const completedEvent = (await env.stripe.events.list({ type: 'checkout.session.completed' })).data.find(
      (event) => (event.data.object as { id: string }).id === session.id,
    );
    const customerId = session.customer as string;
    // Stripe does not order events: only the typed callback before the catch-all of the same event is promised.
    expect(calls).toHaveLength(3);
    expect(calls).toEqual(
      expect.arrayContaining([
        { callback: 'subscriptionCreated', id: session.subscription, customerId, userId: 'quinn' },
        { callback: 'checkoutCompleted', id: session.id, customerId, userId: 'quinn' },
        { callback: 'event', id: completedEvent?.id, customerId, userId: 'quinn' },
      ]),
    );
    const order = calls.map((entry) => entry.callback);
    expect(order.indexOf('checkoutCompleted')).toBeLessThan(order.indexOf('event'));
  });

  test('a failed renewal: paymentFailed gets the invoice and its customer', async () => {
    const failed: Array<{ invoice: string; customer: unknown; customerId: string | null }> = [];
    const billing = await deliverTo({
      paymentFailed: (invoice, context) => {
        failed.push({ invoice: invoice.id!, customer: invoice.customer, customerId: context.customerId });
      },
    });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'rhea' });
    const customer = (await customerOf(env.stripe, 'rhea'))!;
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    const card = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription.id, { default_payment_method: card.id });
    env.emulator.advanceClock(32 * 86_400);
    await env.emulator.waitForWebhooks();
    expect(failed.length).toBeGreaterThan(0);
    const invoice = await env.stripe.invoices.retrieve(failed[0]!.invoice);
    expect(invoice.status).toBe('open');
    expect(failed[0]).toEqual({ invoice: invoice.id, customer, customerId: customer });
  });
});
