import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlankit, type DriftReport, formatDriftReport } from '@plankit/server';
import { toNodeHandler } from '@plankit/server/node';
import { createRedisStore } from '@plankit/server/redis';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { type RedisServer, startRedisServer } from '@plankit/test-utils';
import { createClient } from 'redis';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { collectingLogger, identifyFromHeader, stripeFor } from '../src/billing';
import { allowedOrigins, plans, seed } from '../src/fixtures';
import { customerFor, subscribeDirectly } from '../src/stripe-state';

/*
 * The figure "an endpoint down for a simulated hour (deliveries dropped): reconcile finds and repairs 100% of the
 * drift". 30 customers on the emulator, one Plankit instance on Redis with every snapshot warm; then the webhook
 * endpoint is down for an hour of emulator time while plans change, subscriptions end, payments fail and new
 * subscriptions start. An independent check (the emulator's own state against the stored snapshots' JSON, not
 * Plankit's comparison) names the drifted customers; the drift report must name every one, fix must repair them
 * all, and every missed delivery of a handled event must be listed.
 */

const customers = 30;
let emulator: Emulator;
let redis: RedisServer;
let redisClient: ReturnType<typeof createClient>;
let server: ReturnType<typeof createServer>;
let stripe: Stripe;

beforeAll(async () => {
  [emulator, redis] = await Promise.all([
    startEmulator({ seed, webhookDelivery: { reorderWindowMs: 50, duplicateShare: 0.2 } }),
    startRedisServer(),
  ]);
  stripe = stripeFor(emulator);
  redisClient = createClient({ url: redis.url, disableOfflineQueue: true });
  redisClient.on('error', () => {});
  await redisClient.connect();
});
afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  await redisClient?.close();
  await emulator?.close();
  await redis?.stop();
});

/** What the emulator holds for a customer, in the snapshot's terms: each non-ended subscription's key facts. */
function stripeFacts(customerId: string): string {
  const subs = Object.values(emulator.state.subscriptions)
    .filter((s) => s.customer === customerId && s.status !== 'canceled' && s.status !== 'incomplete_expired')
    .map((s) => ({
      id: s.id,
      status: s.status,
      prices: s.items.data.map((i) => i.price.id),
      cancelAtPeriodEnd: s.cancel_at_period_end,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify(subs);
}

/** The same facts from the stored snapshot's JSON (none stored: no subscriptions). */
async function storedFacts(customerId: string): Promise<string> {
  const raw = await redisClient.get(`plankit:snapshot:${customerId}`);
  const snapshot = raw
    ? (JSON.parse(raw) as {
        subscriptions: Array<{
          id: string;
          status: string;
          items: Array<{ priceId: string }>;
          cancelAtPeriodEnd: boolean;
        }>;
      })
    : { subscriptions: [] };
  const subs = snapshot.subscriptions
    .map((s) => ({
      id: s.id,
      status: s.status,
      prices: s.items.map((i) => i.priceId),
      cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify(subs);
}

async function drifted(ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) if ((await storedFacts(id)) !== stripeFacts(id)) out.push(id);
  return out.sort();
}

test('an endpoint down for a simulated hour: reconcile finds and repairs 100% of the drift', async () => {
  let handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const endpoint = await stripe.webhookEndpoints.create({
    url: `http://127.0.0.1:${port}/api/billing/webhook`,
    enabled_events: ['*'],
  });
  const billing = createPlankit({
    stripe,
    identify: identifyFromHeader,
    plans,
    allowedOrigins: [...allowedOrigins],
    store: createRedisStore(redisClient),
    logger: collectingLogger(),
    webhook: { secret: endpoint.secret ?? '' },
  });
  handle = toNodeHandler(billing);
  const now = () => emulator.now();

  // 30 customers, 20 subscribed; every delivery arrives, and a pass warms every snapshot.
  const ids: string[] = [];
  const subs = new Map<string, Stripe.Subscription>();
  for (let i = 0; i < customers; i += 1) {
    const id = await customerFor(stripe, `user-${i}`);
    ids.push(id);
    await redisClient.set(`plankit:customer:user-${i}`, id);
    if (i < 20)
      subs.set(id, await subscribeDirectly(stripe, id, [i % 2 ? 'pro_monthly' : 'starter_monthly']));
  }
  await emulator.waitForWebhooks();
  emulator.advanceClock(120);
  await billing.reconcile({ fix: true, now });
  const warm = await billing.reconcile({ now });
  expect(warm).toMatchObject({ complete: true, driftFound: 0 });
  expect(await drifted(ids)).toEqual([]);

  // The endpoint goes down for an hour of emulator time; changes keep happening every few minutes.
  emulator.configureWebhooks({ down: true });
  const [pro] = (await stripe.prices.list({ lookup_keys: ['pro_yearly'] })).data;
  const changes: Array<() => Promise<unknown>> = [];
  const subscribed = [...subs.values()];
  for (const sub of subscribed.slice(0, 5)) {
    changes.push(() =>
      stripe.subscriptions.update(sub.id, {
        items: [{ id: sub.items.data[0]?.id ?? '', price: pro?.id ?? '' }],
        proration_behavior: 'none',
      }),
    );
  }
  for (const sub of subscribed.slice(5, 9)) changes.push(() => stripe.subscriptions.cancel(sub.id));
  for (const sub of subscribed.slice(9, 12)) {
    changes.push(() => stripe.subscriptions.update(sub.id, { cancel_at_period_end: true }));
  }
  for (const sub of subscribed.slice(12, 15)) {
    changes.push(async () => {
      const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
      const bad = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
      await stripe.subscriptions.update(sub.id, {
        default_payment_method: bad.id,
        items: [{ id: sub.items.data[0]?.id ?? '', price: pro?.id ?? '' }],
        proration_behavior: 'always_invoice',
        payment_behavior: 'allow_incomplete',
      });
    });
  }
  for (const id of ids.slice(20, 25)) changes.push(() => subscribeDirectly(stripe, id, ['team_monthly']));
  const step = Math.floor(3600 / changes.length);
  for (const change of changes) {
    await change();
    emulator.advanceClock(step);
  }
  await emulator.waitForWebhooks();
  emulator.configureWebhooks({ down: false });
  emulator.advanceClock(3600 - step * changes.length + 120);

  const dropped = new Set(
    emulator
      .webhookAttempts()
      .filter((a) => a.dropped)
      .map((a) => a.event),
  );
  const handled = new Set([
    'checkout.session.completed',
    'customer.subscription.created',
    'customer.subscription.updated',
    'customer.subscription.deleted',
    'invoice.payment_failed',
    'invoice.paid',
    'product.created',
    'product.updated',
    'price.created',
    'price.updated',
  ]);
  const lostHandled = [...dropped].filter((id) => handled.has(emulator.state.events[id]?.type ?? '')).sort();
  const expected = await drifted(ids);
  expect(expected.length).toBeGreaterThanOrEqual(15);

  const report: DriftReport = await billing.reconcile({ now });
  const found = report.wrongSnapshots.map((d) => d.customerId).sort();
  const recall = expected.filter((id) => found.includes(id)).length / expected.length;
  expect(found).toEqual(expected); // every drifted customer, and no other
  expect(report.wrongSnapshots.every((d) => !d.fixed)).toBe(true);
  expect(report.missedEvents.events.map((e) => e.id).sort()).toEqual(lostHandled);

  const fixed = await billing.reconcile({ now, fix: true, since: report.missedEvents.since });
  expect(fixed.wrongSnapshots.map((d) => d.customerId).sort()).toEqual(found);
  expect(fixed.unfixed).toBe(0);
  expect(await drifted(ids)).toEqual([]);
  const after = await billing.reconcile({ now });
  expect(after.wrongSnapshots).toEqual([]);

  console.log(
    [
      `[figure] endpoint down for a simulated hour, ${customers} customers, ${changes.length} changes, ${dropped.size} deliveries dropped (${lostHandled.length} of handled event types)`,
      `[figure] independent check: ${expected.length} snapshots drifted; reconcile found ${found.length} (recall ${(recall * 100).toFixed(0)} %), listed ${report.missedEvents.events.length}/${lostHandled.length} missed events`,
      `[figure] --fix repaired ${fixed.wrongSnapshots.filter((d) => d.fixed).length}; afterwards 0 snapshots differ from Stripe (independent check and a fresh pass)`,
    ].join('\n'),
  );
  console.log(formatDriftReport(report).split('\n').slice(0, 8).join('\n'));
}, 240_000);
