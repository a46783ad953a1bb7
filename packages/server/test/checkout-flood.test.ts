import { describe, expect, test } from 'vitest';
import { CheckoutCoordinator } from '../src/checkout/checkout-coordinator';
import { PlankitError } from '../src/http/plankit-error';
import { createMemoryStore } from '../src/store/memory-store';
import { call, makeBilling, stripeCalls, useEmulator } from './harness';

const env = useEmulator();

describe('checkout amplification (issue 15.8)', () => {
  test("one user's 30 concurrent, different checkouts: 3 wait, the rest are 429 with Retry-After", async () => {
    const billing = makeBilling(env.emulator);
    await call(billing, '/plans');
    // The customer exists already, as for any returning visitor.
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'flooder' });
    env.emulator.clearRequestLog();
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        call(
          billing,
          '/checkout',
          { plan: 'pro', interval: 'month', returnTo: `/billing?attempt=${index}` },
          { user: 'flooder' },
        ),
      ),
    );
    const ok = replies.filter((reply) => reply.status === 200);
    const limited = replies.filter((reply) => reply.status === 429);
    expect(ok).toHaveLength(4); // one running, three waiting
    expect(limited).toHaveLength(26);
    for (const reply of limited) {
      expect(reply.json.error.code).toBe('rate_limited');
      // The default wait (8 s), in seconds: the queue will have moved by then.
      expect(reply.headers.get('retry-after')).toBe('8');
    }
    // Each admitted checkout looks (2 lists), expires the previous session and creates one: 4 calls at most.
    expect(stripeCalls(env.emulator).length).toBeLessThanOrEqual(4 * 4);
  });

  test('the wait in the per-user queue has a deadline', async () => {
    const coordinator = new CheckoutCoordinator(createMemoryStore(), { waitMs: 100 });
    // The checkout ahead ends on its own (well after the deadline), so a wait without a deadline shows as 'b'
    // rather than as a hung test.
    const slow = coordinator.run(
      'u',
      'a',
      () => new Promise<string>((resolve) => setTimeout(() => resolve('a'), 600)),
    );
    const started = Date.now();
    const waiting = await coordinator.run('u', 'b', async () => 'b').catch((error: unknown) => error);
    expect(waiting).toBeInstanceOf(PlankitError);
    expect((waiting as PlankitError).code).toBe('rate_limited');
    expect(Date.now() - started).toBeLessThan(500);
    expect(await slow).toBe('a');
    // The queue is free again.
    expect(await coordinator.run('u', 'c', async () => 'c')).toBe('c');
  });

  test('a limit that could never count is refused on first use', () => {
    // Configuration is checked on first use (a build without secrets must load the module), so read `.stripe`.
    const never = makeBilling(env.emulator, { rateLimit: { mutations: { max: 0, windowMs: 60_000 } } });
    expect(() => never.stripe).toThrow(/rateLimit\.mutations\.max/);
    const instant = makeBilling(env.emulator, { promotionCodeAttempts: { windowMs: 0 } });
    expect(() => instant.stripe).toThrow(/promotionCodeAttempts\.windowMs/);
  });

  test('rateLimit.mutations limits one user across instances sharing the store; reads and other users are free', async () => {
    const store = createMemoryStore();
    const options = { store, rateLimit: { mutations: { max: 3, windowMs: 60_000 } } };
    const one = makeBilling(env.emulator, options);
    const two = makeBilling(env.emulator, options);
    const statuses: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      const reply = await call(index % 2 ? two : one, '/checkout', { plan: 'starter', interval: 'month' });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    env.emulator.clearRequestLog();
    const refused = await call(one, '/portal', { flow: 'homepage' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(stripeCalls(env.emulator)).toEqual([]);
    expect((await call(one, '/subscription')).status).toBe(200);
    expect(
      (await call(one, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'user_2' })).status,
    ).toBe(200);
  });
});
