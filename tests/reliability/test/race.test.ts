import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { appOrigin, seed } from '../src/fixtures';
import { type ServerProcess, startServerProcess } from '../src/server-process';
import { checkoutSessionsOf, customersOf, liveSubscriptionsOf, payCheckout } from '../src/stripe-state';

/*
 * 50 concurrent checkouts of one user, split across two app server PROCESSES that share nothing but the Stripe
 * account (the emulator): no shared store, no shared memory. Every Checkout URL handed out is then paid through
 * the hosted page; exactly one subscription may come out of it.
 */

const attempts = 50;
let emulator: Emulator;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  const env = { STRIPE_SECRET_KEY: emulator.secretKey, EMULATOR_PORT: String(emulator.port) };
  servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  // Warm both catalogs so the race is about checkout, not about the first /plans.
  for (const server of servers) expect((await fetch(`${server.url}/api/billing/plans`)).status).toBe(200);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await emulator?.close();
});

interface Reply {
  status: number;
  body: { type?: string; url?: string; error?: { code: string } };
}

async function checkout(server: ServerProcess, user: string, body: unknown): Promise<Reply> {
  const response = await fetch(`${server.url}/api/billing/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: appOrigin, 'x-test-user': user },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

async function race(user: string, bodies: unknown[]) {
  const started = Date.now();
  const replies = await Promise.all(
    Array.from({ length: attempts }, (_, index) =>
      checkout(servers[index % servers.length]!, user, bodies[index % bodies.length]),
    ),
  );
  const elapsed = Date.now() - started;
  const customers = customersOf(emulator, user);
  expect(customers, 'one Stripe customer for the user').toHaveLength(1);
  const customer = customers[0]!.id;
  const openAfterRace = checkoutSessionsOf(emulator, customer).filter((session) => session.status === 'open');
  const urls = [
    ...new Set(replies.filter((reply) => reply.body.type === 'checkout').map((reply) => reply.body.url!)),
  ];
  // Pay every distinct Checkout page handed out, each twice (a second tab, a back button).
  const paid: number[] = [];
  for (const url of urls) paid.push(await payCheckout(url), await payCheckout(url));
  const subscriptions = liveSubscriptionsOf(emulator, customer);
  const codes = replies.reduce<Record<string, number>>((counts, reply) => {
    const key = reply.body.error?.code ?? `${reply.status} ${reply.body.type}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});
  console.log(
    `race ${user}: ${attempts} checkouts over 2 processes in ${elapsed} ms -> ${JSON.stringify(codes)}; ` +
      `${checkoutSessionsOf(emulator, customer).length} sessions created, ${openAfterRace.length} open after the race, ` +
      `${urls.length} distinct URLs, ${paid.filter((status) => status >= 300 && status < 400).length} payments accepted, ` +
      `${subscriptions.length} live subscription(s)`,
  );
  return { replies, openAfterRace, urls, paid, subscriptions, customer };
}

describe('50 concurrent checkouts across two server processes', () => {
  test('identical requests (double clicks, two tabs): one session, one subscription', async () => {
    const outcome = await race('racer-same', [{ plan: 'pro', interval: 'month' }]);
    // Identical requests are never refused: they all get the same session.
    expect(outcome.replies.every((reply) => reply.status === 200 && reply.body.type === 'checkout')).toBe(
      true,
    );
    expect(outcome.openAfterRace.length).toBeLessThanOrEqual(1);
    expect(outcome.urls).toHaveLength(1);
    expect(outcome.subscriptions).toHaveLength(1);
  });

  test('different plans at once (an indecisive user in several tabs): still one subscription', async () => {
    const outcome = await race('racer-mixed', [
      { plan: 'pro', interval: 'month' },
      { plan: 'starter', interval: 'year' },
      { plan: 'team', interval: 'month', quantity: 3 },
      { plan: 'pro', interval: 'year', addOns: ['analytics'] },
    ]);
    for (const reply of outcome.replies) {
      // Each answer is a Checkout page or "another checkout is in progress"; never an error of ours.
      expect(
        reply.status === 200 || reply.body.error?.code === 'checkout_in_progress',
        JSON.stringify(reply),
      ).toBe(true);
    }
    expect(outcome.openAfterRace.length).toBeLessThanOrEqual(1);
    expect(outcome.subscriptions).toHaveLength(1);
  });

  test('after the race, both processes send the subscribed user to the portal, never to a new Checkout', async () => {
    const replies = await Promise.all(
      servers.flatMap((server) =>
        Array.from({ length: 5 }, () =>
          checkout(server, 'racer-same', { plan: 'starter', interval: 'month' }),
        ),
      ),
    );
    for (const reply of replies)
      expect(reply.body).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    const customer = customersOf(emulator, 'racer-same')[0]!.id;
    expect(
      checkoutSessionsOf(emulator, customer).filter((session) => session.status === 'open'),
    ).toHaveLength(0);
    expect(liveSubscriptionsOf(emulator, customer)).toHaveLength(1);
  });
});
