import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { toNodeHandler } from '../src/adapters/node';
import type { WebhookCallbacks } from '../src/index';
import { call, customerOf, makeBilling, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** Serves the billing handler over HTTP as the emulator's webhook endpoint (shuffled, at-least-once delivery). */
async function deliverTo(on: WebhookCallbacks) {
  let billing: ReturnType<typeof makeBilling> | undefined;
  server = createServer((req, res) => void toNodeHandler(billing!)(req, res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = await env.stripe.webhookEndpoints.create({
    url: `http://127.0.0.1:${port}/api/billing/webhook`,
    enabled_events: ['customer.subscription.updated'],
  });
  billing = makeBilling(env.emulator, { webhook: { secret: endpoint.secret!, on } });
  return billing;
}

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
