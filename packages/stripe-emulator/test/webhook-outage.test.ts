import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';

/** An endpoint that was down: deliveries fail as Stripe sees it, and nothing replays them unless asked. */
describe('webhook outage (configureWebhooks, dropShare, redeliverDroppedWebhooks)', () => {
  const received: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as Stripe.Event).id);
    res.writeHead(200).end('{}');
  });
  let emulator: Emulator;
  let stripe: Stripe;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    emulator = await startEmulator({
      webhookDelivery: { reorderWindowMs: 0, duplicateShare: 0, seed: 7 },
      seed: {
        webhook_endpoints: [{ url: `http://127.0.0.1:${port}/hook`, enabled_events: ['customer.created'] }],
      },
    });
    stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
  });
  beforeEach(() => {
    emulator.configureWebhooks({ down: false, dropShare: 0 });
    received.length = 0;
  });
  afterAll(async () => {
    await emulator.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const eventOf = async (customerId: string) => {
    const events = await stripe.events
      .list({ type: 'customer.created', limit: 100 })
      .autoPagingToArray({ limit: 1000 });
    const event = events.find((e) => (e.data.object as Stripe.Customer).id === customerId);
    if (!event) throw new Error(`no event for ${customerId}`);
    return event;
  };

  it('while down, deliveries fail (status 0, pending_webhooks kept) and recovery does not replay them', async () => {
    emulator.configureWebhooks({ down: true });
    const lost = await stripe.customers.create({ email: 'lost@example.com' });
    await emulator.waitForWebhooks();
    const lostEvent = await eventOf(lost.id);
    expect(received).toEqual([]);
    expect(emulator.webhookAttempts().filter((a) => a.event === lostEvent.id)).toEqual([
      expect.objectContaining({ status: 0, dropped: true }),
    ]);
    expect(lostEvent.pending_webhooks).toBe(1);
    const undelivered = await stripe.events.list({ delivery_success: false, limit: 100 });
    expect(undelivered.data.map((e) => e.id)).toContain(lostEvent.id);

    emulator.configureWebhooks({ down: false });
    const kept = await stripe.customers.create({ email: 'kept@example.com' });
    await emulator.waitForWebhooks();
    // Longer than the first compressed retry (200 ms): a parked delivery is not a retry.
    await sleep(400);
    await emulator.waitForWebhooks();
    const keptEvent = await eventOf(kept.id);
    expect(received).toEqual([keptEvent.id]);
    expect((await eventOf(lost.id)).pending_webhooks).toBe(1);
    const delivered = await stripe.events.list({ delivery_success: true, limit: 100 });
    expect(delivered.data.map((e) => e.id)).toContain(keptEvent.id);
    expect(delivered.data.map((e) => e.id)).not.toContain(lostEvent.id);

    expect(emulator.redeliverDroppedWebhooks()).toBe(1);
    await emulator.waitForWebhooks();
    expect(received).toEqual([keptEvent.id, lostEvent.id]);
    expect((await eventOf(lost.id)).pending_webhooks).toBe(0);
    expect(emulator.redeliverDroppedWebhooks()).toBe(0);
  });

  it('dropShare drops about that share of deliveries and keeps the rest', async () => {
    emulator.configureWebhooks({ dropShare: 0.5 });
    const created = await Promise.all(
      Array.from({ length: 40 }, (_, i) => stripe.customers.create({ email: `share${i}@example.com` })),
    );
    await emulator.waitForWebhooks();
    const ids = new Set(created.map((c) => c.id));
    const events = (await stripe.events.list({ type: 'customer.created', limit: 100 })).data.filter((e) =>
      ids.has((e.data.object as Stripe.Customer).id),
    );
    const pending = events.filter((e) => e.pending_webhooks === 1).map((e) => e.id);
    expect(received.length + pending.length).toBe(40);
    expect(pending.length).toBeGreaterThan(8);
    expect(pending.length).toBeLessThan(32);
    expect(pending.every((id) => !received.includes(id))).toBe(true);
    expect(emulator.webhookDelivery.dropShare).toBe(0.5);
    expect(() => emulator.configureWebhooks({ dropShare: 2 })).toThrow(/between 0 and 1/);
  });

  it('is controllable over HTTP: POST /_emulator/webhooks/configure and /redeliver-dropped', async () => {
    const control = (path: string, body: unknown) =>
      fetch(`${emulator.url}/_emulator${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    emulator.redeliverDroppedWebhooks();
    await emulator.waitForWebhooks();
    received.length = 0;
    expect((await control('/webhooks/configure', { down: true })).status).toBe(200);
    const customer = await stripe.customers.create({ email: 'http@example.com' });
    await emulator.waitForWebhooks();
    expect(received).toEqual([]);
    expect((await control('/webhooks/configure', { down: 'yes' })).status).toBe(400);
    expect((await control('/webhooks/configure', { down: false })).status).toBe(200);
    const answer = await control('/webhooks/redeliver-dropped', {});
    expect(await answer.json()).toEqual({ redelivered: 1 });
    await emulator.waitForWebhooks();
    expect(received).toEqual([(await eventOf(customer.id)).id]);
  });
});
