import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import autocannon from 'autocannon';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { stripeFor } from '../src/billing';
import { seed } from '../src/fixtures';
import { type ServerProcess, startServerProcess } from '../src/server-process';
import { customerFor, subscribeDirectly } from '../src/stripe-state';

/*
 * Bounded load on loopback: warm GET /plans and GET /subscription through the node adapter, in an app server
 * process of its own (so its heap is measured alone, after a forced gc). Three rounds per route: zero errors and
 * non-2xx, and the heap does not keep growing from round to round.
 */

const roundSeconds = 5;
const rounds = 3;
const connections = 10;
/** Allowed heap growth between the second and third round, after gc (noise, JIT, caches settling). */
const maxThirdRoundGrowthBytes = 6 * 1024 * 1024;

let emulator: Emulator;
let stripe: Stripe;
let server: ServerProcess;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  stripe = stripeFor(emulator);
  const customer = await customerFor(stripe, 'loader');
  await subscribeDirectly(stripe, customer, ['team_monthly', 'analytics_monthly'], { quantity: 4 });
  server = await startServerProcess(
    { STRIPE_SECRET_KEY: emulator.secretKey, EMULATOR_PORT: String(emulator.port) },
    ['--expose-gc'],
  );
});
afterAll(async () => {
  await server?.stop();
  await emulator?.close();
});

async function heapUsed(): Promise<number> {
  const memory = (await (await fetch(`${server.url}/__memory`)).json()) as { heapUsed: number; gc: boolean };
  expect(memory.gc, 'the server runs with --expose-gc').toBe(true);
  return memory.heapUsed;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function load(path: string) {
  const url = `${server.url}/api/billing${path}`;
  const headers = { 'x-test-user': 'loader' };
  // Warm: the catalog and the customer mapping are cached before measuring.
  for (let i = 0; i < 20; i += 1) expect((await fetch(url, { headers })).status).toBe(200);
  const baseline = await heapUsed();
  const results: Array<{
    requests: number;
    rps: number;
    p99: number;
    errors: number;
    non2xx: number;
    heap: number;
  }> = [];
  for (let round = 0; round < rounds; round += 1) {
    emulator.clearRequestLog();
    const result = await autocannon({ url, headers, connections, duration: roundSeconds });
    results.push({
      requests: result.requests.total,
      rps: Math.round(result.requests.average),
      p99: result.latency.p99,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      heap: await heapUsed(),
    });
  }
  console.log(
    `load GET ${path}: ${connections} connections, ${rounds} x ${roundSeconds} s; heap before ${mb(baseline)} MB; ` +
      results
        .map(
          (r, i) =>
            `round ${i + 1}: ${r.requests} req (${r.rps}/s, p99 ${r.p99} ms), errors ${r.errors}, non-2xx ${r.non2xx}, heap ${mb(r.heap)} MB`,
        )
        .join('; '),
  );
  return { baseline, results };
}

function expectSteady({ results }: Awaited<ReturnType<typeof load>>) {
  for (const result of results) {
    expect(result.requests).toBeGreaterThan(100);
    expect(result.errors).toBe(0);
    expect(result.non2xx).toBe(0);
  }
  const [, second, third] = results;
  expect(third!.heap - second!.heap).toBeLessThan(maxThirdRoundGrowthBytes);
}

describe('bounded load through the node adapter', () => {
  test('warm GET /plans: zero errors, heap steady over three rounds', async () => {
    expectSteady(await load('/plans'));
    // Warm means zero Stripe calls.
    expect(emulator.requestLog()).toEqual([]);
  }, 60_000);

  test('warm GET /subscription: zero errors, heap steady over three rounds', async () => {
    expectSteady(await load('/subscription'));
  }, 60_000);
});
