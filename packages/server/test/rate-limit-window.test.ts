import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PlankitError } from '../src/http/plankit-error';
import { assertUnderLimit, assertWindowLimit, consume } from '../src/security/rate-limit';
import { createMemoryStore } from '../src/store/memory-store';
import type { PlankitStore } from '../src/store/plankit-store';

// The fixed-window counters behind `rateLimit` and `promotionCodeAttempts`, on a real memory store with the clock
// pinned, so the window boundaries and the Retry-After a client is told to wait are exact.

const limit = { max: 2, windowMs: 60_000 };
const windowStart = 1_800_000_000_000 - (1_800_000_000_000 % limit.windowMs);

async function refusal(run: () => Promise<void>): Promise<PlankitError> {
  const error = await run().then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlankitError);
  return error as PlankitError;
}

describe('rate-limit windows', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(windowStart + 15_500);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('allows max events per window, then refuses with the whole seconds left in the window', async () => {
    const store = createMemoryStore();
    await consume(store, 'mutation', 'user-1', limit);
    await consume(store, 'mutation', 'user-1', limit);
    const refused = await refusal(() => consume(store, 'mutation', 'user-1', limit));
    expect(refused.code).toBe('rate_limited');
    // 44.5 s are left in the window: the client is told 45, never a shorter wait that would be refused again.
    expect(refused.headers).toEqual({ 'retry-after': '45' });
  });

  test('Retry-After is at least one second, even in the last milliseconds of a window', async () => {
    vi.setSystemTime(windowStart + limit.windowMs - 1);
    const store = createMemoryStore();
    await consume(store, 'sync', 'user-1', { max: 1, windowMs: limit.windowMs });
    const refused = await refusal(() =>
      consume(store, 'sync', 'user-1', { max: 1, windowMs: limit.windowMs }),
    );
    expect(refused.headers).toEqual({ 'retry-after': '1' });
  });

  test('the next window starts a new count', async () => {
    const store = createMemoryStore();
    await consume(store, 'mutation', 'user-1', limit);
    await consume(store, 'mutation', 'user-1', limit);
    vi.setSystemTime(windowStart + limit.windowMs);
    await consume(store, 'mutation', 'user-1', limit);
    await consume(store, 'mutation', 'user-1', limit);
    await expect(consume(store, 'mutation', 'user-1', limit)).rejects.toMatchObject({ code: 'rate_limited' });
  });

  test('each user and each purpose has its own count, and no user id is written in clear', async () => {
    const keys: string[] = [];
    const memory = createMemoryStore();
    const store: PlankitStore = {
      ...memory,
      increment: (key, ttlMs) => {
        keys.push(key);
        return memory.increment?.(key, ttlMs) ?? Promise.resolve(1);
      },
    };
    await consume(store, 'mutation', 'user-1', limit);
    await consume(store, 'mutation', 'user-1', limit);
    await consume(store, 'mutation', 'user-2', limit);
    await consume(store, 'sync', 'user-1', limit);
    await expect(consume(store, 'mutation', 'user-1', limit)).rejects.toMatchObject({ code: 'rate_limited' });
    await consume(store, 'mutation', 'user-2', limit);
    expect(keys.every((key) => key.startsWith('plankit:count:') && !key.includes('user-'))).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });

  test('assertUnderLimit refuses once the window is used up, without counting itself', async () => {
    const store = createMemoryStore();
    for (let i = 0; i < 5; i += 1) await assertUnderLimit(store, 'promotion-code', 'user-1', limit);
    await consume(store, 'promotion-code', 'user-1', limit);
    await assertUnderLimit(store, 'promotion-code', 'user-1', limit);
    await consume(store, 'promotion-code', 'user-1', limit);
    const refused = await refusal(() => assertUnderLimit(store, 'promotion-code', 'user-1', limit));
    expect(refused.code).toBe('rate_limited');
    expect(refused.headers).toEqual({ 'retry-after': '45' });
    await assertUnderLimit(store, 'promotion-code', 'user-2', limit);
  });
});

describe('assertWindowLimit (start-up check of the configured limits)', () => {
  test('accepts a missing limit, partial limits and the smallest valid values', () => {
    expect(() => assertWindowLimit('rateLimit.mutations', undefined)).not.toThrow();
    expect(() => assertWindowLimit('rateLimit.mutations', {})).not.toThrow();
    expect(() => assertWindowLimit('rateLimit.mutations', { max: 1, windowMs: 1000 })).not.toThrow();
  });

  test.each([
    [{ max: 0 }, 'rateLimit.sync.max is a whole number of at least 1'],
    [{ max: 1.5 }, 'rateLimit.sync.max is a whole number of at least 1'],
    [{ windowMs: 999 }, 'rateLimit.sync.windowMs is at least 1000 (ms)'],
    [{ windowMs: Number.POSITIVE_INFINITY }, 'rateLimit.sync.windowMs is at least 1000 (ms)'],
    [{ windowMs: Number.NaN }, 'rateLimit.sync.windowMs is at least 1000 (ms)'],
  ])('refuses %o naming the option', (value, message) => {
    expect(() => assertWindowLimit('rateLimit.sync', value)).toThrow(`Plankit: ${message}.`);
  });
});
