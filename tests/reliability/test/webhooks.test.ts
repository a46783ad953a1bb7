import type { DuplicateSubscriptionReport, WebhookCallbacks } from '@plankit/server';
import { type Emulator, signPayload, startEmulator } from '@plankit/stripe-emulator';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeBilling, stripeFor } from '../src/billing';
import { seed } from '../src/fixtures';
import { customerFor, liveSubscriptionsOf, subscribeDirectly } from '../src/stripe-state';

/*
 * Webhook deliveries as an attacker or a flaky network would make them: bad and stale signatures, replays,
 * duplicates (also concurrent), and real event streams from the emulator delivered in random order. Callbacks run
 * once per event id, and the customer's Stripe state converges to one live subscription whatever the order.
 */

const secret = 'whsec_reliability_suite';
let emulator: Emulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  stripe = stripeFor(emulator);
});
afterAll(async () => {
  await emulator?.close();
});

function delivery(payload: string, header: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (header !== null) headers['stripe-signature'] = header;
  return new Request('http://localhost/api/billing/webhook', { method: 'POST', headers, body: payload });
}

/** Counts every callback per event id. */
function countingCallbacks() {
  const calls = new Map<string, number>();
  const reports: DuplicateSubscriptionReport[] = [];
  const bump = (name: string, id: string): void => {
    calls.set(`${name} ${id}`, (calls.get(`${name} ${id}`) ?? 0) + 1);
  };
  const on: WebhookCallbacks = {
    subscriptionCreated: (_, { event }) => bump('created', event.id),
    subscriptionUpdated: (_, { event }) => bump('updated', event.id),
    subscriptionDeleted: (_, { event }) => bump('deleted', event.id),
    cancellationReasonRecorded: (_, { event }) => bump('reason', event.id),
    duplicateSubscription: (report, { event }) => {
      reports.push(report);
      bump('duplicate', event.id);
    },
    event: (event) => bump('event', event.id),
  };
  return { on, calls, reports };
}

function fakeEvent(id: string) {
  return JSON.stringify({
    id,
    object: 'event',
    type: 'customer.created',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: { object: { object: 'customer', id: 'cus_fake', metadata: {} } },
  });
}

describe('webhook signatures, staleness and replays', () => {
  test('forged, tampered, stale and replayed deliveries are refused or absorbed; callbacks once per event', async () => {
    const { on, calls } = countingCallbacks();
    const billing = makeBilling(emulator, { webhook: { secret, on } });
    const now = Math.floor(Date.now() / 1000);
    const payload = fakeEvent('evt_sig_1');
    const valid = signPayload(payload, secret);
    const signature = valid.split('v1=')[1]!;
    const refusedHeaders: Array<[string, string | null, string]> = [
      ['no header', null, payload],
      ['empty header', '', payload],
      ['garbage header', 'nonsense', payload],
      ['timestamp only', `t=${now}`, payload],
      ['wrong secret', signPayload(payload, 'whsec_other'), payload],
      ['v0 scheme only', `t=${now},v0=${signature}`, payload],
      ['signature of another timestamp', `t=${now - 1},v1=${signature}`, payload],
      ['tampered body', valid, payload.replace('cus_fake', 'cus_evil')],
      ['body with extra whitespace', valid, `${payload} `],
      ['stale by 301 s', signPayload(payload, secret, now - 301), payload],
      ['stale by a day', signPayload(payload, secret, now - 86_400), payload],
      ['uppercase hex', `t=${now},v1=${signature.toUpperCase()}`, payload],
    ];
    const outcomes: Record<string, number> = {};
    for (const [name, header, body] of refusedHeaders) {
      const response = await billing.handler(delivery(body, header));
      outcomes[name] = response.status;
      expect(response.status, name).toBe(400);
      expect((await response.json()).error.code, name).toBe('webhook_signature_invalid');
    }
    expect(calls.size).toBe(0);

    // Within tolerance: accepted once; the same delivery replayed (captured off the wire) is absorbed.
    const fresh = await billing.handler(delivery(payload, signPayload(payload, secret, now - 299)));
    expect(fresh.status).toBe(200);
    const replays = await Promise.all(
      Array.from({ length: 10 }, () => billing.handler(delivery(payload, valid))),
    );
    const replayStatuses = replays.map((response) => response.status);
    for (const status of replayStatuses) expect([200, 409]).toContain(status);
    const last = await billing.handler(delivery(payload, valid));
    expect(await last.json()).toEqual({ received: true, duplicate: true });
    // A replay of the captured bytes after the tolerance is refused outright (here: an old capture).
    const oldCapture = signPayload(fakeEvent('evt_sig_old'), secret, now - 600);
    expect((await billing.handler(delivery(fakeEvent('evt_sig_old'), oldCapture))).status).toBe(400);
    expect(calls.get('event evt_sig_1')).toBe(1);
    expect(calls.get('event evt_sig_old')).toBeUndefined();
    console.log(
      `webhook signatures: ${refusedHeaders.length} forged/stale variants -> 400 ${JSON.stringify(outcomes)}; ` +
        `1 fresh + 11 replays -> callbacks run ${calls.get('event evt_sig_1')} time(s) (replay statuses ${replayStatuses.join(',')})`,
    );
  });
});

describe('real event streams, delivered out of order, duplicated and concurrent', () => {
  /** A customer's history: A subscribes, schedules a cancel with a reason, resumes; B is created elsewhere. */
  async function scenario(index: number) {
    const customer = await customerFor(stripe, `hooks-${index}`);
    const first = await subscribeDirectly(stripe, customer, ['pro_monthly']);
    await stripe.subscriptions.update(first.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'too_expensive', comment: 'Pricey' },
    });
    await stripe.subscriptions.update(first.id, { cancel_at_period_end: false });
    const second = await subscribeDirectly(stripe, customer, ['starter_monthly']);
    const events = emulator
      .events()
      .filter((event) => (event.data.object as { customer?: string }).customer === customer)
      .filter((event) => event.type.startsWith('customer.subscription.'))
      .reverse();
    return { customer, first, second, events };
  }

  test('callbacks once per event id; one live subscription whatever the order', async () => {
    let runs = 0;
    let deliveries = 0;
    let conflicts = 0;
    let index = 0;
    const kept = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
          copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 12, maxLength: 12 }),
          batch: fc.integer({ min: 1, max: 4 }),
        }),
        async ({ order, copies, batch }) => {
          runs += 1;
          const { customer, events } = await scenario(index++);
          expect(events.length).toBeGreaterThanOrEqual(4);
          const { on, calls, reports } = countingCallbacks();
          const billing = makeBilling(emulator, { webhook: { secret, on, cancelDuplicates: true } });
          // Out of order: sort events by random keys; duplicated: each sent 1 to 3 times.
          const queue = events
            .map((event, position) => ({ event, key: order[position % order.length]! }))
            .sort((a, b) => a.key - b.key)
            .flatMap(({ event }, position) =>
              Array.from({ length: copies[position % copies.length]! }, () => event),
            );
          // Concurrent batches, and Stripe's retry for any 409 "being processed".
          for (let start = 0; start < queue.length; start += batch) {
            const slice = queue.slice(start, start + batch);
            let pending = slice;
            while (pending.length > 0) {
              const statuses = await Promise.all(
                pending.map(async (event) => {
                  const payload = JSON.stringify(event);
                  deliveries += 1;
                  const response = await billing.handler(delivery(payload, signPayload(payload, secret)));
                  if (response.status !== 200 && response.status !== 409) {
                    throw new Error(`${event.type} ${event.id}: ${response.status} ${await response.text()}`);
                  }
                  return response.status;
                }),
              );
              for (const status of statuses) expect([200, 409]).toContain(status);
              conflicts += statuses.filter((status) => status === 409).length;
              pending = pending.filter((_, position) => statuses[position] === 409);
            }
          }
          for (const event of events) expect(calls.get(`event ${event.id}`), event.type).toBe(1);
          const created = events.filter((event) => event.type === 'customer.subscription.created');
          for (const event of created) expect(calls.get(`created ${event.id}`)).toBe(1);
          const reasons = [...calls.entries()].filter(([name]) => name.startsWith('reason'));
          expect(reasons.map(([, count]) => count)).toEqual([1]);
          // Converged: one live subscription; every report named the same one to keep.
          const live = liveSubscriptionsOf(emulator, customer);
          expect(live).toHaveLength(1);
          expect(new Set(reports.map((report) => report.kept.id))).toEqual(new Set([live[0]!.id]));
          kept.add(live[0]!.id);
        },
      ),
      { numRuns: 12 },
    );
    console.log(
      `webhook streams: ${runs} shuffled histories, ${deliveries} deliveries (${conflicts} answered 409 and retried) -> ` +
        `callbacks once per event id, 1 live subscription per customer in every run`,
    );
    expect(kept.size).toBe(runs);
  });
});
