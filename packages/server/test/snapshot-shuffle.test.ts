import {
  type PostgresServer,
  type RedisServer,
  startPostgresServer,
  startRedisServer,
} from '@plankit/test-utils';
import pg from 'pg';
import { createClient } from 'redis';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fetchBillingState } from '../src/state/fetch-billing-state';
import { readSnapshot } from '../src/state/snapshot-store';
import type { PlankitStore } from '../src/store/plankit-store';
import { createPostgresStore, migratePostgres } from '../src/store/postgres-store';
import { createRedisStore } from '../src/store/redis-store';
import { makeBilling, postSignedEvent, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();
const secret = 'whsec_test_shuffle';
const customerCount = Number(process.env.SHUFFLE_CUSTOMERS ?? 50);
const eventTarget = Number(process.env.SHUFFLE_EVENTS ?? 1000);

let server: RedisServer;
let postgres: PostgresServer;
const clients: { close(): Promise<unknown> }[] = [];
const pools: pg.Pool[] = [];

beforeAll(async () => {
  [server, postgres] = await Promise.all([startRedisServer(), startPostgresServer()]);
  const pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  await migratePostgres(pool);
  await pool.end();
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.close();
  for (const pool of pools) await pool.end();
  await Promise.all([server?.stop(), postgres?.stop()]);
});

/** Each call is one instance's connection to the shared server. */
const storeFactories: Record<string, () => Promise<PlankitStore>> = {
  redis: async () => {
    const client = createClient({ url: server.url, disableOfflineQueue: true });
    await client.connect();
    clients.push(client);
    return createRedisStore(client);
  },
  postgres: async () => {
    const pool = new pg.Pool({ connectionString: postgres.url, max: 8 });
    pool.on('error', () => {});
    pools.push(pool);
    return createPostgresStore(pool);
  },
};

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function deliver(billing: ReturnType<typeof makeBilling>, event: Stripe.Event) {
  return postSignedEvent(env.stripe, billing, secret, event);
}

describe.each(Object.keys(storeFactories))('snapshots under a shuffled, duplicated stream (%s)', (name) => {
  test(`${eventTarget} events for ${customerCount} customers, shuffled, each up to 3 times, two instances: every snapshot equals a fresh fetch`, async () => {
    const next = random(17);
    const stores = [await storeFactories[name]!(), await storeFactories[name]!()];
    const instances = stores.map((store) => makeBilling(env.emulator, { store, webhook: { secret } }));
    const customers: { id: string; subscription: string }[] = [];
    for (let index = 0; index < customerCount; index += 1) {
      const customer = await env.stripe.customers.create({
        email: `shuffle_${index}@example.com`,
        metadata: { plankit_user_id: `shuffle_${index}` },
      });
      const subscription = await subscribeDirectly(env.stripe, customer.id, ['starter_monthly']);
      customers.push({ id: customer.id, subscription: subscription.id });
    }
    const prices = await env.stripe.prices.list({ lookup_keys: ['starter_monthly', 'pro_monthly'] });
    const priceIds = prices.data.map((price) => price.id);
    // Changes through the SDK (plan changes, cancels, resumes, quantities) until the stream is long enough.
    while (env.emulator.events().length < eventTarget) {
      const target = customers[Math.floor(next() * customers.length)]!;
      const live = await env.stripe.subscriptions.retrieve(target.subscription);
      if (live.status === 'canceled') {
        // Resubscribe, or the stream would stop growing once every subscription has ended.
        target.subscription = (await subscribeDirectly(env.stripe, target.id, ['starter_monthly'])).id;
        continue;
      }
      const roll = next();
      if (roll < 0.3) {
        await env.stripe.subscriptions.update(target.subscription, {
          items: [{ id: live.items.data[0]!.id, price: priceIds[Math.floor(next() * priceIds.length)]! }],
          proration_behavior: 'none',
        });
      } else if (roll < 0.55) {
        await env.stripe.subscriptions.update(target.subscription, {
          cancel_at_period_end: !live.cancel_at_period_end,
        });
      } else if (roll < 0.8) {
        await env.stripe.subscriptions.update(target.subscription, {
          items: [{ id: live.items.data[0]!.id, quantity: 1 + Math.floor(next() * 5) }],
          proration_behavior: 'none',
        });
      } else if (roll < 0.9) {
        await env.stripe.customers.update(target.id, { name: `Renamed ${Math.floor(next() * 100)}` });
      } else {
        await env.stripe.subscriptions.cancel(target.subscription);
      }
    }
    const events = env.emulator.events().slice(0, eventTarget);
    const deliveries = events.flatMap((event) =>
      Array.from({ length: 1 + Math.floor(next() * 3) }, () => event),
    );
    for (let index = deliveries.length - 1; index > 0; index -= 1) {
      const swap = Math.floor(next() * (index + 1));
      [deliveries[index], deliveries[swap]] = [deliveries[swap]!, deliveries[index]!];
    }
    // Eight at a time, alternating instances; a 409 (the other instance is processing it) is retried, as Stripe does.
    const pending = [...deliveries];
    let cursor = 0;
    const worker = async () => {
      while (pending.length > 0) {
        const event = pending.shift()!;
        const billing = instances[cursor++ % instances.length]!;
        const response = await deliver(billing, event);
        if (response.status === 409) pending.push(event);
        else expect(response.status).toBe(200);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    let equal = 0;
    for (const customer of customers) {
      const snapshot = await readSnapshot(stores[0]!, customer.id);
      expect(snapshot).not.toBeNull();
      const { version: _version, syncedAt: _syncedAt, ...state } = snapshot!;
      expect(state).toEqual(await fetchBillingState({ stripe: env.stripe, store: stores[0]! }, customer.id));
      equal += 1;
    }
    console.log(
      `figure (${name}): ${events.length} events for ${customerCount} customers, ${deliveries.length} deliveries shuffled across 2 instances: ${equal}/${customerCount} snapshots equal a fresh fetch from Stripe`,
    );
    expect(equal).toBe(customerCount);
  }, 240_000);
});
