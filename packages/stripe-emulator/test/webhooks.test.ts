import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

describe('webhooks', () => {
  const received: Array<{ body: string; signature: string }> = [];
  let failuresLeft = 1;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (failuresLeft-- > 0) {
      res.writeHead(500).end();
      return;
    }
    received.push({
      body: Buffer.concat(chunks).toString('utf8'),
      signature: String(req.headers['stripe-signature']),
    });
    res.writeHead(200).end('{}');
  });
  let emulator: Emulator;
  let stripe: Stripe;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    emulator = await startEmulator({
      // This test checks retries and the event filter in event order: exactly once, in order.
      webhookDelivery: { reorderWindowMs: 0, duplicateShare: 0 },
      seed: {
        webhook_endpoints: [
          { url: `http://127.0.0.1:${port}/hook`, enabled_events: ['customer.created', 'customer.updated'] },
        ],
      },
    });
    stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await emulator.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('signs deliveries so constructEvent accepts them, retries failures and filters event types', async () => {
    const customer = await stripe.customers.create({ email: 'hook@example.com' });
    await stripe.products.create({ name: 'not delivered' });
    await stripe.customers.update(customer.id, { name: 'Hooked' });
    await emulator.waitForWebhooks();
    const secret = emulator.webhookSecret ?? '';
    expect(secret).toMatch(/^whsec_/);
    const events = received.map((r) => stripe.webhooks.constructEvent(r.body, r.signature, secret));
    expect(events.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    const updated = events[1] as Stripe.CustomerUpdatedEvent;
    expect(updated.data.previous_attributes?.name).toBeNull();
    expect(emulator.webhookAttempts().filter((a) => a.status === 500)).toHaveLength(1);
    expect(() =>
      stripe.webhooks.constructEvent(received[0]?.body ?? '', received[0]?.signature ?? '', 'whsec_wrong'),
    ).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('returns the secret only when an endpoint is created, and lists events', async () => {
    const endpoint = await stripe.webhookEndpoints.create({
      url: 'http://127.0.0.1:9/none',
      enabled_events: ['*'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const again = await stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(again.secret).toBeUndefined();
    await stripe.webhookEndpoints.del(endpoint.id);
    const list = await stripe.events.list({ type: 'customer.*' });
    expect(list.data.every((e) => e.type.startsWith('customer.'))).toBe(true);
    const one = await stripe.events.retrieve(list.data[0]?.id ?? '');
    expect(one.id).toBe(list.data[0]?.id);
  });
});
