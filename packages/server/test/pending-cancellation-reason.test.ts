import { describe, expect, test } from 'vitest';
import type { PlankitOptions } from '../src/index';
import { createMemoryStore } from '../src/store/memory-store';
import { call, customerOf, type makeBilling, stripeCalls, subscribeDirectly, useEmulator } from './harness';
import { settledDeliveries, useWebhookEndpoint } from './webhook-endpoint';

// Portal cancel mode keeps the app's reason until the customer confirms in the portal; these are the other ways a
// confirmation arrives, and what it must leave alone on the subscription.

const env = useEmulator();
const inTenDays = () => Math.floor(Date.now() / 1000) + 10 * 24 * 60 * 60;

const deliverTo = useWebhookEndpoint(env);

/** Portal cancel mode, served over real HTTP and registered as the emulator's webhook endpoint. */
function portalMode(options: Partial<PlankitOptions> = {}) {
  return deliverTo({}, { cancel: { modes: ['portal'] }, ...options });
}

async function subscribedWithReason(
  billing: ReturnType<typeof makeBilling>,
  user: string,
  comment?: string,
  reason = 'too_expensive',
) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user)) as string;
  const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
  const reply = await call(
    billing,
    '/cancel',
    { subscription: subscription.id, reason, ...(comment ? { comment } : {}) },
    { user },
  );
  expect(reply.json.type).toBe('portal');
  await env.emulator.waitForWebhooks();
  return subscription;
}

describe('portal cancel mode: confirmations', () => {
  test('a cancellation scheduled for a date (cancel_at) confirms it: the reason is recorded', async () => {
    const billing = await portalMode();
    const subscription = await subscribedWithReason(billing, 'tara', 'Too pricey');
    await env.stripe.subscriptions.update(subscription.id, { cancel_at: inTenDays() });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    const confirmed = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(confirmed.cancellation_details).toMatchObject({
      feedback: 'too_expensive',
      comment: 'Too pricey',
    });
  });

  test('an update that confirms nothing leaves the reason waiting', async () => {
    const billing = await portalMode();
    const subscription = await subscribedWithReason(billing, 'uma');
    await env.stripe.subscriptions.update(subscription.id, { metadata: { note: 'renamed' } });
    await env.emulator.waitForWebhooks();
    expect(
      (await env.stripe.subscriptions.retrieve(subscription.id)).cancellation_details?.feedback ?? null,
    ).toBe(null);
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    expect((await env.stripe.subscriptions.retrieve(subscription.id)).cancellation_details?.feedback).toBe(
      'too_expensive',
    );
  });

  test('a comment already on the subscription is kept; the reason is still recorded', async () => {
    const billing = await portalMode();
    const subscription = await subscribedWithReason(billing, 'vic', 'From the app');
    await env.stripe.subscriptions.update(subscription.id, {
      cancellation_details: { comment: 'Support: customer called' },
    });
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    const confirmed = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(confirmed.cancellation_details).toMatchObject({
      feedback: 'too_expensive',
      comment: 'Support: customer called',
    });
  });

  test('without a comment in the app, none is written', async () => {
    const billing = await portalMode();
    const subscription = await subscribedWithReason(billing, 'walt');
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    const confirmed = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(confirmed.cancellation_details?.feedback).toBe('too_expensive');
    expect(confirmed.cancellation_details?.comment ?? null).toBeNull();
  });

  test('two subscriptions waiting at once each get their own reason', async () => {
    const billing = await portalMode();
    const first = (await subscribedWithReason(billing, 'xena', 'First')).id;
    const second = (await subscribedWithReason(billing, 'yuri', 'Second', 'missing_features')).id;
    await env.emulator.waitForWebhooks();
    for (const id of [first, second])
      await env.stripe.subscriptions.update(id, { cancel_at_period_end: true });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    expect((await env.stripe.subscriptions.retrieve(first)).cancellation_details).toMatchObject({
      feedback: 'too_expensive',
      comment: 'First',
    });
    expect((await env.stripe.subscriptions.retrieve(second)).cancellation_details).toMatchObject({
      feedback: 'missing_features',
      comment: 'Second',
    });
  });

  test('a survey answer in the confirming event wins at once: no second look, no write', async () => {
    const billing = await portalMode();
    const subscription = await subscribedWithReason(billing, 'zora');
    env.emulator.clearRequestLog();
    await env.stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'unused' },
    });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    expect((await env.stripe.subscriptions.retrieve(subscription.id)).cancellation_details?.feedback).toBe(
      'unused',
    );
    const touched = stripeCalls(env.emulator).filter((line) =>
      line.endsWith(`/v1/subscriptions/${subscription.id}`),
    );
    // The test's own update and read only: the webhook neither read the subscription again nor wrote to it.
    expect(touched).toEqual([
      `POST /v1/subscriptions/${subscription.id}`,
      `GET /v1/subscriptions/${subscription.id}`,
    ]);
  });

  test('the reason is written once per kept reason: with an idempotency key, so a retried write is not doubled', async () => {
    const billing = await portalMode();
    const subscription = await subscribedWithReason(billing, 'abel');
    env.emulator.clearRequestLog();
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    const writes = env.emulator
      .requestLog()
      .filter((entry) => entry.path === `/v1/subscriptions/${subscription.id}` && entry.method === 'POST')
      .filter((entry) => 'cancellation_details' in entry.params && !('cancel_at_period_end' in entry.params));
    expect(writes).toHaveLength(1);
    // Plankit's own key (the SDK would add a random one): the same kept reason always gives the same key.
    expect(writes[0]?.idempotencyKey).toMatch(/^plankit-cancel-reason-[\w-]{40}$/);
  });

  test('a kept reason the store cannot read is dropped: the webhook still answers 200', async () => {
    const store = createMemoryStore();
    const billing = await portalMode({ store });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'bea' });
    const customer = (await customerOf(env.stripe, 'bea')) as string;
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    await store.set(`plankit:cancel-reason:${subscription.id}`, 'not json', 60_000);
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(await settledDeliveries(env.emulator)).toEqual([]);
    // Answered at once, not after a failed first delivery that the retry then found empty.
    expect(billing.log.filter((line) => line.startsWith('error'))).toEqual([]);
    expect(await store.get(`plankit:cancel-reason:${subscription.id}`)).toBeNull();
    expect(
      (await env.stripe.subscriptions.retrieve(subscription.id)).cancellation_details?.feedback ?? null,
    ).toBeNull();
  });
});
