import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { type PostgresServer, startPostgresServer } from '@plankit/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appOrigin, payCheckout, seed } from './harness';
import type { InstanceReport } from './redis-instance';

/**
 * Issue 17.5: two server processes share one PostgreSQL (the Postgres store) and one Stripe (the emulator). The
 * one-subscription rule holds across them as it does on Redis (redis-instances.test.ts), and an instance killed with
 * SIGKILL between the Stripe calls of a checkout leaves no duplicate customer and no second subscription.
 */

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const instanceScript = fileURLToPath(new URL('./redis-instance.ts', import.meta.url));

interface Instance {
  url: string;
  child: ChildProcess;
}

let emulator: Emulator;
let database: PostgresServer;
let instances: Instance[] = [];

async function startInstance(name: string): Promise<Instance> {
  const child = fork(instanceScript, [], {
    cwd: repoRoot,
    execArgv: ['--conditions=@plankit/source', '--import', 'tsx'],
    env: {
      ...process.env,
      INSTANCE: name,
      EMULATOR_PORT: String(emulator.port),
      PLANKIT_POSTGRES_URL: database.url,
      WEBHOOK_SECRET: 'whsec_plankit_postgres_instances',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} did not start`)), 60_000);
    child.on('message', (message: InstanceReport) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited with ${code}`));
    });
  });
  return { url: `http://127.0.0.1:${port}/api/billing`, child };
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => instance.child.once('exit', () => resolve()));
  instance.child.send({ type: 'shutdown' });
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
type Json = any;

async function checkout(
  instance: Instance,
  user: string,
  body: unknown,
): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${instance.url}/checkout`, {
    method: 'POST',
    headers: { 'x-test-user': user, origin: appOrigin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const customersOf = (userId: string) =>
  Object.values(emulator.state.customers).filter((customer) => customer.metadata?.plankit_user_id === userId);
const sessionsOf = (customer: string) =>
  Object.values(emulator.state.checkoutSessions).filter((session) => session.customer === customer);
const liveSubscriptionsOf = (customer: string) =>
  Object.values(emulator.state.subscriptions).filter(
    (subscription) =>
      subscription.customer === customer &&
      subscription.status !== 'canceled' &&
      subscription.status !== 'incomplete_expired',
  );

beforeAll(async () => {
  [emulator, database] = await Promise.all([startEmulator({ seed }), startPostgresServer()]);
  // Both start (and migrate) at the same time, as two instances of one deploy do.
  instances = await Promise.all([startInstance('a'), startInstance('b')]);
}, 120_000);

afterAll(async () => {
  await Promise.all(instances.map(stopInstance));
  await emulator?.close();
  await database?.stop();
});

describe('two server processes sharing one PostgreSQL and one Stripe account', () => {
  test('50 concurrent checkouts for one user: one customer, at most one open session; all paid, one subscription', async () => {
    const body = { plan: 'pro', interval: 'month' };
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) => checkout(instances[index % 2]!, 'racer', body)),
    );
    const elapsedMs = Date.now() - started;
    expect(replies.map((reply) => reply.status)).toEqual(Array(50).fill(200));
    const customers = customersOf('racer');
    expect(customers).toHaveLength(1);
    const customer = customers[0]!.id;
    expect(sessionsOf(customer).filter((session) => session.status === 'open').length).toBeLessThanOrEqual(1);
    const urls = [...new Set(replies.map((reply) => reply.json.url as string))];
    const paid = [];
    for (const url of urls) paid.push(await payCheckout(url), await payCheckout(url));
    expect(paid.filter((status) => status === 302 || status === 303)).toHaveLength(1);
    expect(liveSubscriptionsOf(customer)).toHaveLength(1);
    console.info(
      `Postgres store: 50 checkouts over 2 processes in ${elapsedMs} ms, 1 customer, ${urls.length} distinct URL(s), ` +
        `${sessionsOf(customer).length} session(s), 1 live subscription`,
    );
    for (const instance of instances) {
      const after = await checkout(instance, 'racer', body);
      expect(after.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    }
  }, 120_000);

  test('50 concurrent checkouts for different plans: at most one open session, one subscription', async () => {
    const bodies = [
      { plan: 'pro', interval: 'month' },
      { plan: 'starter', interval: 'year' },
      { plan: 'team', interval: 'month', quantity: 4 },
    ];
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        checkout(instances[index % 2]!, 'indecisive', bodies[index % 3]),
      ),
    );
    for (const reply of replies) {
      expect([200, 409]).toContain(reply.status);
      if (reply.status === 409) expect(reply.json.error.code).toBe('checkout_in_progress');
    }
    const customer = customersOf('indecisive')[0]!.id;
    expect(sessionsOf(customer).filter((session) => session.status === 'open').length).toBeLessThanOrEqual(1);
    const urls = [...new Set(replies.filter((reply) => reply.status === 200).map((reply) => reply.json.url))];
    for (const url of urls) await payCheckout(url as string);
    expect(liveSubscriptionsOf(customer)).toHaveLength(1);
  }, 120_000);
});

describe('SIGKILL between the Stripe calls of a checkout', () => {
  /**
   * Instance `victim` starts a checkout; the emulator holds the request named by `stalled` (a delay fault), so the
   * process is certainly between two Stripe calls when it is killed. Another instance then checks out the same user,
   * retrying while the dead instance's lease runs out, as the React kit retries `checkout_in_progress`.
   */
  async function killedCheckout(user: string, stalled: { method: string; path: string }) {
    const victim = await startInstance(`victim-${user}`);
    emulator.clearRequestLog();
    // 3 s: the stalled call still lands (as a call cut off by a crash may) before the dead lease expires.
    emulator.failNext({ fault: 'delay', delayMs: 3000, match: stalled });
    const pending = checkout(victim, user, { plan: 'pro', interval: 'month' }).catch(() => 'killed');
    await expect
      .poll(
        () =>
          emulator
            .requestLog()
            .some((entry) => entry.method === stalled.method && entry.path === stalled.path),
        {
          timeout: 30_000,
          interval: 20,
        },
      )
      .toBe(true);
    const calls = emulator.requestLog().map((entry) => `${entry.method} ${entry.path}`);
    victim.child.kill('SIGKILL');
    expect(await pending).toBe('killed');
    emulator.clearFaults();
    const killedAt = Date.now();
    let reply = await checkout(instances[1]!, user, { plan: 'pro', interval: 'month' });
    let attempts = 1;
    while (
      reply.status === 409 &&
      reply.json.error?.code === 'checkout_in_progress' &&
      Date.now() - killedAt < 60_000
    ) {
      reply = await checkout(instances[attempts % 2]!, user, { plan: 'pro', interval: 'month' });
      attempts++;
    }
    const completedMs = Date.now() - killedAt;
    expect(reply.status).toBe(200);
    expect(reply.json.type).toBe('checkout');
    const customers = customersOf(user);
    expect(customers, 'no duplicate customer').toHaveLength(1);
    const customer = customers[0]!.id;
    // Pay the page the surviving instance handed out and every other open one (the killed call's, if it landed).
    const urls = new Set([reply.json.url as string]);
    for (const session of sessionsOf(customer))
      if (session.status === 'open' && session.url) urls.add(session.url);
    for (const url of urls) await payCheckout(url);
    expect(liveSubscriptionsOf(customer), 'no second subscription').toHaveLength(1);
    return { calls, completedMs, attempts, sessions: sessionsOf(customer).length };
  }

  test('killed while the customer is being created: the next request finds that customer, no duplicate', async () => {
    const outcome = await killedCheckout('killed-early', { method: 'POST', path: '/v1/customers' });
    expect(outcome.calls).not.toContain('POST /v1/checkout/sessions');
    console.info(
      `SIGKILL during POST /v1/customers (it lands after the death, no link stored): the next checkout completed ` +
        `${outcome.completedMs} ms after the kill (${outcome.attempts} request(s), the dead lease expiring), ` +
        `1 customer, ${outcome.sessions} session(s), 1 subscription`,
    );
  }, 120_000);

  test('killed after creating the customer, during the session call: one customer, one subscription', async () => {
    const outcome = await killedCheckout('killed-late', { method: 'POST', path: '/v1/checkout/sessions' });
    expect(outcome.calls).toContain('POST /v1/customers');
    console.info(
      `SIGKILL during POST /v1/checkout/sessions: the next checkout completed ${outcome.completedMs} ms after the ` +
        `kill (${outcome.attempts} request(s)), 1 customer, ${outcome.sessions} session(s), 1 subscription`,
    );
  }, 120_000);
});
