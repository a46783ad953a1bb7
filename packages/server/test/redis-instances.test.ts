import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Emulator, signPayload, startEmulator } from '@plankit/stripe-emulator';
import { type RedisServer, startRedisServer } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appOrigin, payCheckout, seed, stripeCalls, stripeFor } from './harness';
import type { InstanceReport } from './redis-instance';

/**
 * Issue 11: two server processes share one Redis and one Stripe (the emulator). The one-subscription rule and
 * the webhook dedupe must hold across them, and a Redis that stops or hangs must fail closed.
 */

const webhookSecret = 'whsec_plankit_shared_by_instances';
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const instanceScript = fileURLToPath(new URL('./redis-instance.ts', import.meta.url));

interface Instance {
  name: string;
  url: string;
  reports: InstanceReport[];
  child: ChildProcess;
}

async function startInstance(
  name: string,
  emulator: Emulator,
  redis: RedisServer,
  env: Record<string, string> = {},
): Promise<Instance> {
  const child = fork(instanceScript, [], {
    cwd: repoRoot,
    execArgv: ['--conditions=@plankit/source', '--import', 'tsx'],
    env: {
      ...process.env,
      INSTANCE: name,
      EMULATOR_PORT: String(emulator.port),
      REDIS_URL: redis.url,
      WEBHOOK_SECRET: webhookSecret,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reports: InstanceReport[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start`)), 30_000);
    child.on('message', (message: InstanceReport) => {
      reports.push(message);
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited with ${code}`));
    });
  });
  return { name, url: `http://127.0.0.1:${port}/api/billing`, reports, child };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
  instance.child.send({ type: 'shutdown' });
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  json: any;
}

/** Calls an instance over HTTP the way the React kit does. */
async function call(instance: Instance, path: string, body?: unknown, user = 'user_1'): Promise<Reply> {
  const headers: Record<string, string> = { 'x-test-user': user };
  if (body !== undefined) Object.assign(headers, { origin: appOrigin, 'content-type': 'application/json' });
  const response = await fetch(instance.url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

/** Delivers one event to an instance, signed with the endpoint secret both instances share. */
async function deliver(instance: Instance, payload: string): Promise<Reply> {
  const response = await fetch(`${instance.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signPayload(payload, webhookSecret) },
    body: payload,
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null };
}

function callbacksFor(instances: Instance[], eventId: string) {
  return instances.flatMap((instance) =>
    instance.reports.flatMap((report) =>
      report.type === 'callback' && report.eventId === eventId ? [`${instance.name}:${report.name}`] : [],
    ),
  );
}

let emulator: Emulator;
let stripe: Stripe;
let redis: RedisServer;
let instances: Instance[] = [];

beforeAll(async () => {
  [emulator, redis] = await Promise.all([startEmulator({ seed }), startRedisServer()]);
  stripe = stripeFor(emulator);
  instances = await Promise.all([
    startInstance('a', emulator, redis),
    // A production process: with a shared store it must not warn about the memory store.
    startInstance('b', emulator, redis, { NODE_ENV: 'production' }),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all(instances.map(stopInstance));
  await redis?.stop();
  await emulator?.close();
});

function customersOf(userId: string) {
  return Object.values(emulator.state.customers).filter(
    (customer) => customer.metadata?.plankit_user_id === userId,
  );
}

function openSessions(customer: string) {
  return Object.values(emulator.state.checkoutSessions).filter(
    (session) => session.customer === customer && session.status === 'open',
  );
}

function liveSubscriptions(customer: string) {
  return Object.values(emulator.state.subscriptions).filter(
    (subscription) =>
      subscription.customer === customer &&
      subscription.status !== 'canceled' &&
      subscription.status !== 'incomplete_expired',
  );
}

describe('two server processes sharing one Redis and one Stripe account', () => {
  test('in production with the Redis store there is no memory-store warning', () => {
    const production = instances[1]!;
    expect(production.reports.some((report) => report.type === 'ready')).toBe(true);
    const warnings = production.reports.flatMap((report) => (report.type === 'log' ? [report.message] : []));
    expect(warnings.filter((message) => /in-memory store/.test(message))).toEqual([]);
  });

  test('50 concurrent checkouts for one user: at most one open session; all paid, one subscription', async () => {
    const body = { plan: 'pro', interval: 'month' };
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) => call(instances[index % 2]!, '/checkout', body, 'racer')),
    );
    const elapsedMs = Date.now() - started;
    expect(replies.map((reply) => reply.status)).toEqual(Array(50).fill(200));
    const customers = customersOf('racer');
    expect(customers).toHaveLength(1);
    const customer = customers[0]!.id;
    expect(openSessions(customer).length).toBeLessThanOrEqual(1);
    const urls = [...new Set(replies.map((reply) => reply.json.url as string))];
    expect(urls.length).toBeGreaterThanOrEqual(1);
    const sessionCreates = stripeCalls(emulator).filter((line) => line === 'POST /v1/checkout/sessions');
    console.info(
      `50 checkouts over 2 processes: ${elapsedMs} ms, ${urls.length} distinct URL(s), ${sessionCreates.length} session create call(s)`,
    );
    // Pay every URL handed out, each twice: one payment can go through.
    const paid = [];
    for (const url of urls) paid.push(await payCheckout(url), await payCheckout(url));
    expect(paid.filter((status) => status === 302 || status === 303)).toHaveLength(1);
    expect(liveSubscriptions(customer)).toHaveLength(1);
    for (const instance of instances) {
      const after = await call(instance, '/checkout', body, 'racer');
      expect(after.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    }
  }, 45_000);

  test('50 concurrent checkouts for different plans: at most one open session, at most one subscription', async () => {
    const bodies = [
      { plan: 'pro', interval: 'month' },
      { plan: 'starter', interval: 'year' },
      { plan: 'team', interval: 'month', quantity: 4 },
    ];
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        call(instances[index % 2]!, '/checkout', bodies[index % 3], 'indecisive'),
      ),
    );
    for (const reply of replies) {
      expect([200, 409]).toContain(reply.status);
      if (reply.status === 409) expect(reply.json.error.code).toBe('checkout_in_progress');
    }
    const customer = customersOf('indecisive')[0]!.id;
    expect(openSessions(customer).length).toBeLessThanOrEqual(1);
    const urls = [...new Set(replies.filter((reply) => reply.status === 200).map((reply) => reply.json.url))];
    expect(urls.length).toBeGreaterThanOrEqual(1);
    for (const url of urls) await payCheckout(url as string);
    expect(liveSubscriptions(customer)).toHaveLength(1);
  }, 45_000);

  test('the same webhook event delivered to both instances, many times at once: callbacks run once', async () => {
    const events = await stripe.events.list({ type: 'customer.subscription.created', limit: 1 });
    const event = events.data[0];
    expect(event).toBeDefined();
    const payload = JSON.stringify(event);
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, index) => deliver(instances[index % 2]!, payload)),
    );
    // One delivery processes it; the others are told it is a duplicate (2xx) or still being processed (409,
    // so Stripe retries later). None fails.
    expect(replies.filter((reply) => reply.status === 200 && reply.json.duplicate !== true)).toHaveLength(1);
    for (const reply of replies) expect([200, 409]).toContain(reply.status);
    // A retry after it was processed, on either instance, is a duplicate.
    for (const instance of instances) {
      const retry = await deliver(instance, payload);
      expect(retry).toEqual({ status: 200, json: { received: true, duplicate: true } });
    }
    const ran = callbacksFor(instances, event!.id);
    expect(ran.map((line) => line.split(':')[1]).sort()).toEqual(['event', 'subscriptionCreated']);
    expect(new Set(ran.map((line) => line.split(':')[0])).size).toBe(1);
  }, 30_000);
});

describe('faults: Redis hangs or stops mid-run', () => {
  test('a hanging Redis: checkout fails closed with 503 store_unavailable, no session is created', async () => {
    emulator.clearRequestLog();
    redis.pause();
    try {
      const started = Date.now();
      const reply = await call(instances[0]!, '/checkout', { plan: 'pro', interval: 'month' }, 'hung');
      const elapsedMs = Date.now() - started;
      expect(reply.status).toBe(503);
      expect(reply.json.error.code).toBe('store_unavailable');
      expect(elapsedMs).toBeLessThan(5000);
      console.info(`checkout against a hanging Redis answered 503 after ${elapsedMs} ms`);
      expect(stripeCalls(emulator).filter((line) => line.startsWith('POST '))).toEqual([]);
    } finally {
      redis.resume();
    }
  }, 20_000);

  test('a stopped Redis: checkout 503 store_unavailable without Stripe writes, webhooks 5xx, GET /plans from Stripe; recovers on restart', async () => {
    const events = await stripe.events.list({ limit: 1 });
    const payload = JSON.stringify({ ...events.data[0], id: 'evt_while_redis_down' });
    await redis.stop();
    emulator.clearRequestLog();
    const checkout = await call(instances[1]!, '/checkout', { plan: 'starter', interval: 'month' }, 'down');
    expect(checkout.status).toBe(503);
    expect(checkout.json.error.code).toBe('store_unavailable');
    expect(stripeCalls(emulator).filter((line) => line.startsWith('POST '))).toEqual([]);
    expect(customersOf('down')).toHaveLength(0);

    const webhook = await deliver(instances[0]!, payload);
    expect(webhook.status).toBeGreaterThanOrEqual(500);
    expect(callbacksFor(instances, 'evt_while_redis_down')).toEqual([]);

    for (const instance of instances) {
      const plans = await call(instance, '/plans');
      expect(plans.status).toBe(200);
      expect(plans.json.plans.length).toBeGreaterThan(0);
    }
    expect(stripeCalls(emulator).some((line) => line.startsWith('GET /v1/prices'))).toBe(true);
    const errors = instances.flatMap((instance) =>
      instance.reports.filter((report) => report.type === 'log' && report.level === 'error'),
    );
    expect(errors.length).toBeGreaterThan(0);

    await redis.restart();
    await expect
      .poll(
        async () =>
          (await call(instances[1]!, '/checkout', { plan: 'starter', interval: 'month' }, 'down')).status,
        {
          timeout: 10_000,
          interval: 200,
        },
      )
      .toBe(200);
    expect(customersOf('down')).toHaveLength(1);
    // Stripe's retry of the event, now that Redis is back, is processed once.
    expect((await deliver(instances[1]!, payload)).status).toBe(200);
    expect(
      callbacksFor(instances, 'evt_while_redis_down').filter((line) => line.endsWith(':event')),
    ).toHaveLength(1);
  }, 40_000);
});
