import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/index.js';
import { isLive } from './target.js';

/** A webhook receiver that records the event ids in arrival order. */
async function receiver() {
  const ids: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    ids.push((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id);
    res.writeHead(200).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { ids, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// The emulator's own behaviour (its surface, its local delivery): nothing to compare on Stripe.
describe.skipIf(isLive)('webhook delivery: out of order and at least once, as Stripe', () => {
  let emulator: Emulator | undefined;
  let hook: Awaited<ReturnType<typeof receiver>> | undefined;
  afterEach(async () => {
    await emulator?.close();
    await hook?.close();
  });

  async function run(options: EmulatorOptions, count = 12) {
    hook = await receiver();
    emulator = await startEmulator({
      ...options,
      seed: { webhook_endpoints: [{ url: hook.url, enabled_events: ['customer.created'] }] },
    });
    const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
    for (let i = 0; i < count; i++) await stripe.customers.create({ email: `c${i}@example.com` });
    await emulator.waitForWebhooks();
    const created = emulator
      .events()
      .reverse()
      .map((e) => e.id);
    return { created, received: hook.ids, events: emulator.events() };
  }

  it('by default reorders deliveries and delivers a share of events twice', async () => {
    // 40 events: the chance that none of them is duplicated at a share of 0.25 is 0.75^40, about 1e-5.
    const { created, received, events } = await run({ webhookDelivery: { seed: 7 } }, 40);
    expect(emulator?.webhookDelivery).toMatchObject({ reorderWindowMs: 100, duplicateShare: 0.25, seed: 7 });
    expect(new Set(received)).toEqual(new Set(created));
    const firsts = received.filter((id, i) => received.indexOf(id) === i);
    expect(firsts).not.toEqual(created);
    expect(received.length).toBeGreaterThan(created.length);
    // Each event still counts one pending webhook per endpoint, cleared by its first successful delivery.
    expect(events.every((e) => e.pending_webhooks === 0)).toBe(true);
  });

  it('delivers every event twice with duplicateShare 1', async () => {
    const { created, received } = await run({ webhookDelivery: { duplicateShare: 1, seed: 3 } });
    for (const id of created) expect(received.filter((r) => r === id)).toHaveLength(2);
  });

  it('turned off, delivers exactly once in event order', async () => {
    const { created, received } = await run({ webhookDelivery: { reorderWindowMs: 0, duplicateShare: 0 } });
    expect(received).toEqual(created);
  });
});
