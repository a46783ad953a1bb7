import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { call, makeBilling } from '../src/billing';
import { seed } from '../src/fixtures';

/*
 * Page views of signed-in users who have no subscription (and no Stripe customer) against the emulator's search
 * as Stripe's: a 2 s indexing lag and 20 search requests per second. Each user costs one lookup the first time;
 * after it the store remembers "no customer", so page views spend no search quota and never meet Stripe's 429.
 */

const viewsPerSecond = 200;
const seconds = 5;
const newUsersPerSecond = 10;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed });
});
beforeEach(() => {
  emulator.reset();
  emulator.clearRequestLog();
});
afterAll(async () => {
  await emulator?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function searchCalls() {
  return emulator.requestLog().filter((entry) => entry.path.endsWith('/search'));
}

/** The most search requests the emulator saw in any one-second window. */
function peakSearchesPerSecond(): number {
  const times = searchCalls().map((entry) => entry.at);
  let peak = 0;
  for (const [i, start] of times.entries()) {
    peak = Math.max(peak, times.slice(i).filter((at) => at < start + 1000).length);
  }
  return peak;
}

describe('search quota under page views (issue 14c)', () => {
  test(`${viewsPerSecond} page views/s from signed-in users without a subscription give no 503`, async () => {
    const billing = makeBilling(emulator);
    const users: string[] = [];
    const views: Array<Promise<number>> = [];
    const started = Date.now();
    const total = viewsPerSecond * seconds;
    for (let view = 0; view < total; view += 1) {
      const due = started + (view * 1000) / viewsPerSecond;
      if (due > Date.now()) await sleep(due - Date.now());
      // Users keep arriving (10 new ones a second); each view is from a random signed-in user.
      const arrived = Math.floor(((Date.now() - started) / 1000) * newUsersPerSecond) + 1;
      while (users.length < arrived) users.push(`visitor_${users.length}`);
      const user = users[Math.floor(Math.random() * users.length)] as string;
      views.push(call(billing, '/subscription', undefined, { user }).then((reply) => reply.status));
    }
    const statuses = await Promise.all(views);
    const elapsed = (Date.now() - started) / 1000;
    const unavailable = statuses.filter((status) => status === 503).length;
    const searches = searchCalls().length;
    const stripeCallsTotal = emulator.requestLog().length;
    console.log(
      `search quota: ${total} GET /subscription in ${elapsed.toFixed(1)} s (${Math.round(total / elapsed)}/s) from ` +
        `${users.length} signed-in users without a subscription: ${unavailable} x 503, ` +
        `${statuses.filter((status) => status !== 200).length} non-200; ${searches} searches ` +
        `(peak ${peakSearchesPerSecond()}/s, limit 20/s), ${stripeCallsTotal} Stripe calls in all ` +
        `(${(stripeCallsTotal / total).toFixed(2)} per view)`,
    );
    expect(unavailable).toBe(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    // One lookup per user, never one per view.
    expect(searches).toBeLessThanOrEqual(users.length);
    expect(stripeCallsTotal).toBeLessThanOrEqual(users.length * 2);
  });

  test('a burst of 100 first-time users over the search limit still gives no 503 (the list answers instead)', async () => {
    const billing = makeBilling(emulator);
    const statuses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(billing, '/subscription', undefined, { user: `burst_${i}` }).then((reply) => reply.status),
      ),
    );
    const refused = searchCalls().filter((entry) => entry.status === 429).length;
    console.log(
      `search quota burst: 100 first page views at once: ${statuses.filter((s) => s === 503).length} x 503; ` +
        `${searchCalls().length} searches, ${refused} refused with 429 and answered from the list by email`,
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(refused).toBeGreaterThan(0);
    // Users whose search was refused are not marked "no customer": their next view looks again.
    emulator.clearRequestLog();
    await sleep(1100);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call(billing, '/subscription', undefined, { user: `burst_${i}` }),
      ),
    );
    expect(searchCalls().length).toBeGreaterThan(0);
  });
});
