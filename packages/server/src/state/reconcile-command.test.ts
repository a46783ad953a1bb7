import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type EmulatorSeed, startEmulator } from '@plankit/stripe-emulator';
import {
  type PostgresServer,
  type RedisServer,
  seedCatalog,
  startPostgresServer,
  startRedisServer,
} from '@plankit/test-utils';
import pg from 'pg';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../store/postgres-store';
import type { DriftReport } from './drift-report';
import { reconcileCommand } from './reconcile-command';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const cliPath = fileURLToPath(new URL('../cli.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let emulator: Emulator;
let redis: RedisServer;
let postgres: PostgresServer;
let stripe: Stripe;

beforeAll(async () => {
  [emulator, redis, postgres] = await Promise.all([
    startEmulator({ seed: seedCatalog as unknown as EmulatorSeed }),
    startRedisServer(),
    startPostgresServer(),
  ]);
  const pool = new pg.Pool({ connectionString: postgres.url, max: 1 });
  await migratePostgres(pool);
  await pool.end();
  stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
});

afterAll(async () => {
  await emulator?.close();
  await redis?.stop();
  await postgres?.stop();
});

/** Runs the CLI from source the way a developer would with tsx. */
function plankit(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [
        '--conditions=@plankit/source',
        '--import',
        tsxLoader,
        cliPath,
        'reconcile',
        '--emulator',
        emulator.url,
        ...args,
      ],
      { env: { ...process.env, STRIPE_SECRET_KEY: emulator.secretKey }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function subscribedCustomer(userId: string, lookupKey: string) {
  const customer = await stripe.customers.create({ metadata: { plankit_user_id: userId } });
  const [price] = (await stripe.prices.list({ lookup_keys: [lookupKey] })).data;
  const subscription = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: price?.id ?? '' }],
    default_payment_method: 'pm_card_visa',
  });
  return { customer, subscription };
}

describe('plankit reconcile (child process, emulator and redis-server)', () => {
  it('with --redis-url: exits 1 on drift, --fix repairs it, and a re-run finds the store right', async () => {
    emulator.reset();
    const { customer } = await subscribedCustomer('cli-user', 'pro_monthly');
    const before = await plankit(['--redis-url', redis.url]);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/^Checked 1 customer linked to a Plankit user and 1 subscription\.$/m);
    expect(before.stdout).toContain(
      `✗ ${customer.id} (user cli-user): no snapshot stored, has a live subscription`,
    );
    expect(before.stdout).toContain(`✗ user cli-user -> ${customer.id}: store has nothing`);

    const fix = await plankit(['--redis-url', redis.url, '--fix']);
    expect(fix.code).toBe(0);
    expect(fix.stdout).toMatch(/^Drift found and repaired: \d+ items\.$/m);

    const after = await plankit(['--redis-url', redis.url, '--json']);
    const report = JSON.parse(after.stdout) as DriftReport;
    expect(report).toMatchObject({ outcome: 'ran', complete: true, wrongSnapshots: [], missingLinks: [] });
  }, 90_000);

  it('with --postgres-url: the same pass over the Postgres store', async () => {
    emulator.reset();
    const { customer } = await subscribedCustomer('pg-user', 'pro_monthly');
    const before = await plankit(['--postgres-url', postgres.url]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(`✗ user pg-user -> ${customer.id}: store has nothing`);
    expect((await plankit(['--postgres-url', postgres.url, '--fix'])).code).toBe(0);
    const after = JSON.parse(
      (await plankit(['--postgres-url', postgres.url, '--json'])).stdout,
    ) as DriftReport;
    expect(after).toMatchObject({ outcome: 'ran', complete: true, wrongSnapshots: [], missingLinks: [] });
  }, 90_000);

  it('without a store: reports what Stripe shows, and --cancel-duplicates cancels the extra subscription', async () => {
    emulator.reset();
    const { customer, subscription } = await subscribedCustomer('two-subs', 'pro_monthly');
    const extra = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: (await stripe.prices.list({ lookup_keys: ['starter_monthly'] })).data[0]?.id ?? '' }],
      default_payment_method: 'pm_card_visa',
    });
    const found = await plankit([]);
    expect(found.code).toBe(1);
    expect(found.stdout).toMatch(/No shared store given \(--redis-url or --postgres-url\)/);
    expect(found.stdout).toContain(
      `✗ ${customer.id}: keeps ${subscription.id}, extra ${extra.id} (cancel with --cancel-duplicates)`,
    );
    expect(found.stdout).not.toMatch(/Wrong snapshots/);

    const canceled = await plankit(['--cancel-duplicates']);
    expect(canceled.code).toBe(0);
    expect((await stripe.subscriptions.retrieve(extra.id)).status).toBe('canceled');
  }, 90_000);
});

describe('reconcileCommand usage errors (exit code 2, before any Stripe call)', () => {
  it('requires STRIPE_SECRET_KEY and refuses unknown options, a bad --since and an unreachable store', async () => {
    expect(await reconcileCommand([], {})).toMatchObject({
      code: 2,
      output: expect.stringMatching(/STRIPE_SECRET_KEY/),
    });
    const env = { STRIPE_SECRET_KEY: 'sk_test_x' };
    expect(await reconcileCommand(['--frobnicate'], env)).toMatchObject({
      code: 2,
      output: expect.stringMatching(/Unknown option '--frobnicate'/),
    });
    expect(await reconcileCommand(['--since', 'last tuesday'], env)).toMatchObject({
      code: 2,
      output: expect.stringMatching(/--since "last tuesday" is not a time/),
    });
    expect(await reconcileCommand(['--redis-url', 'redis://127.0.0.1:1'], env)).toMatchObject({
      code: 2,
      output: expect.stringMatching(/Could not open the store \(--redis-url\)/),
    });
    expect((await reconcileCommand(['--help'], env)).output).toMatch(/--redis-url <url>/);
  });
});
