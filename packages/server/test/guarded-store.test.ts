import { type RedisServer, startRedisServer } from '@plankit/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PlankitError } from '../src/http/plankit-error';
import type { Logger } from '../src/logger';
import { guardStore } from '../src/store/guarded-store';
import { createMemoryStore } from '../src/store/memory-store';
import type { PlankitStore } from '../src/store/plankit-store';
import { createRedisStore } from '../src/store/redis-store';

/** guardStore: what createPlankit wraps every store in, so a failing store answers 503 `store_unavailable`. */

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  await server?.stop();
});

function recordingLogger() {
  const errors: { message: string; details: unknown[] }[] = [];
  const logger: Logger = {
    warn: () => {},
    error: (message, ...details) => void errors.push({ message, details }),
  };
  return { logger, errors };
}

/** Every operation once, by name. */
const operations: [string, (store: PlankitStore) => Promise<unknown>][] = [
  ['get', (store) => store.get('plankit:customer:u')],
  ['set', (store) => store.set('plankit:customer:u', 'cus_1')],
  ['setIfAbsent', (store) => store.setIfAbsent('plankit:lease:u', 'me', 1000)],
  ['delete', (store) => store.delete('plankit:customer:u')],
  ['deleteIfValue', (store) => store.deleteIfValue('plankit:lease:u', 'me')],
  ['extendIfValue', (store) => store.extendIfValue('plankit:lease:u', 'me', 1000)],
  ['increment', (store) => (store.increment as NonNullable<PlankitStore['increment']>)('plankit:count:u')],
  ['setIfNewer', (store) => store.setIfNewer('plankit:snapshot:cus_1', '{}', 1)],
];

async function expectUnavailable(attempt: Promise<unknown>): Promise<void> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PlankitError);
  expect(error).toMatchObject({ code: 'store_unavailable', headers: { 'retry-after': '2' } });
}

describe('guardStore', () => {
  test('every operation of a Redis store whose connection is gone fails as store_unavailable, logged by name', async () => {
    const client = await createClient({ url: server.url, disableOfflineQueue: true }).connect();
    await client.close();
    const { logger, errors } = recordingLogger();
    const store = guardStore(createRedisStore(client), logger);
    for (const [name, run] of operations) {
      await expectUnavailable(run(store));
      const logged = errors.at(-1);
      expect(logged?.message, name).toBe(`Plankit: the store failed during ${name}`);
      expect(logged?.details[0], name).toBeInstanceOf(Error);
      expect(logged?.details[0], name).not.toBeInstanceOf(PlankitError); // the store's own error, for the logs
    }
    expect(errors).toHaveLength(operations.length);
  });

  test('a custom store that throws instead of rejecting fails the same way', async () => {
    const thrown = new Error('not a promise');
    const fail = () => {
      throw thrown;
    };
    const throwing: PlankitStore = {
      get: fail,
      set: fail,
      setIfAbsent: fail,
      delete: fail,
      deleteIfValue: fail,
      extendIfValue: fail,
      increment: fail,
      setIfNewer: fail,
    };
    const { logger, errors } = recordingLogger();
    const store = guardStore(throwing, logger);
    for (const [name, run] of operations) {
      await expectUnavailable(run(store));
      expect(errors.at(-1), name).toEqual({
        message: `Plankit: the store failed during ${name}`,
        details: [thrown],
      });
    }
  });

  test("a working store's answers pass through unchanged, and nothing is logged", async () => {
    const { logger, errors } = recordingLogger();
    const store = guardStore(createMemoryStore(), logger);
    expect(await store.get('plankit:customer:u')).toBeNull();
    await store.set('plankit:customer:u', 'cus_1');
    expect(await store.get('plankit:customer:u')).toBe('cus_1');
    await store.delete('plankit:customer:u');
    expect(await store.get('plankit:customer:u')).toBeNull();
    expect(await store.setIfAbsent('plankit:lease:u', 'me', 60_000)).toBe(true);
    expect(await store.setIfAbsent('plankit:lease:u', 'you', 60_000)).toBe(false);
    expect(await store.extendIfValue('plankit:lease:u', 'you', 60_000)).toBe(false);
    expect(await store.extendIfValue('plankit:lease:u', 'me', 60_000)).toBe(true);
    expect(await store.deleteIfValue('plankit:lease:u', 'you')).toBe(false);
    expect(await store.deleteIfValue('plankit:lease:u', 'me')).toBe(true);
    expect(await store.increment?.('plankit:count:u')).toBe(1);
    expect(await store.increment?.('plankit:count:u')).toBe(2);
    expect(await store.setIfNewer('plankit:snapshot:cus_1', 'v2', 2)).toBe(true);
    expect(await store.setIfNewer('plankit:snapshot:cus_1', 'v1', 1)).toBe(false);
    expect(await store.get('plankit:snapshot:cus_1')).toBe('v2');
    expect(errors).toEqual([]);
  });

  test("a store's own increment is the one used, so concurrent counts stay exact", async () => {
    // The read-then-write fallback would give several of these requests the same count (rate limits undercount).
    const store = guardStore(createMemoryStore(), recordingLogger().logger);
    const counts = await Promise.all(
      Array.from({ length: 5 }, () => store.increment?.('plankit:count:burst', 60_000)),
    );
    expect(counts.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  test('a custom store without increment counts by reading then writing, with the TTL of each write', async () => {
    let now = 0;
    const { increment: _atomic, ...withoutIncrement } = createMemoryStore({ now: () => now });
    const store = guardStore(withoutIncrement, recordingLogger().logger);
    expect(await store.increment?.('plankit:count:w', 100)).toBe(1);
    expect(await store.increment?.('plankit:count:w', 100)).toBe(2);
    expect(await withoutIncrement.get('plankit:count:w')).toBe('2');
    now = 100;
    expect(await store.increment?.('plankit:count:w', 100)).toBe(1);
    expect(await store.increment?.('plankit:count:forever')).toBe(1);
    now = 10 ** 12;
    expect(await store.increment?.('plankit:count:forever')).toBe(2);
  });
});
