import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { toNodeHandler } from '../src/adapters/node';
import { call, customerOf, makeBilling, subscribeDirectly, useEmulator } from './harness';

// Portal cancel mode keeps the app's reason until the customer confirms in the portal; these are the other ways a
// confirmation arrives, and what it must leave alone on the subscription.

const env = useEmulator();
const inTenDays = () => Math.floor(Date.now() / 1000) + 10 * 24 * 60 * 60;

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Portal cancel mode, served over real HTTP and registered as the emulator's webhook endpoint. */
async function portalMode() {
  let billing: ReturnType<typeof makeBilling> | undefined;
  server = createServer(
    (req, res) => void toNodeHandler(billing as ReturnType<typeof makeBilling>)(req, res),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = await env.stripe.webhookEndpoints.create({
    url: `http://127.0.0.1:${port}/api/billing/webhook`,
    enabled_events: ['*'],
  });
  billing = makeBilling(env.emulator, {
    cancel: { modes: ['portal'] },
    webhook: { secret: endpoint.secret as string },
  });
  return billing;
}

async function subscribedWithReason(billing: ReturnType<typeof makeBilling>, user: string, comment?: string) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user)) as string;
  const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
  const reply = await call(
    billing,
    '/cancel',
    { subscription: subscription.id, reason: 'too_expensive', ...(comment ? { comment } : {}) },
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
});
