import { type RedisServer, startRedisServer } from '@plankit/test-utils';
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  createRedisStore,
  type RedisSetOptions,
  type RedisStoreClient,
  RedisStoreTimeoutError,
  versionKeyOf,
} from '../src/store/redis-store';

let server: RedisServer;
let redis: ReturnType<typeof createClient>;

beforeAll(async () => {
  server = await startRedisServer();
  redis = createClient({ url: server.url, disableOfflineQueue: true });
  await redis.connect();
});

afterAll(async () => {
  await redis?.close();
  await server?.stop();
});

beforeEach(async () => {
  await redis.flushAll();
});

// The behaviour every store shares (atomicity under concurrency, setIfNewer) is in store-contract.ts; these are Redis's own.
describe('createRedisStore on a real redis-server', () => {
  test('get, set, delete; no prefix by default (keys already start with plankit:), one when given', async () => {
    const store = createRedisStore(redis);
    expect(await store.get('a')).toBeNull();
    await store.set('a', '1');
    expect(await store.get('a')).toBe('1');
    expect(await redis.get('a')).toBe('1');
    expect(await redis.ttl('a')).toBe(-1); // no TTL given: kept
    await store.set('plankit:event:evt_1', 'done');
    expect(await redis.keys('*plankit:*')).toEqual(['plankit:event:evt_1']);
    await store.set('a', '2');
    expect(await store.get('a')).toBe('2');
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
    await store.delete('never-set'); // absent keys are not an error

    const other = createRedisStore(redis, { prefix: 'app1:' });
    await other.set('a', 'x');
    expect(await redis.get('app1:a')).toBe('x');
    expect(await store.get('a')).toBeNull();
  });

  test('set with a TTL expires (SET PX)', async () => {
    const store = createRedisStore(redis);
    await store.set('short', 'v', 150);
    const pttl = await redis.pTTL('short');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(150);
    expect(await store.get('short')).toBe('v');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await store.get('short')).toBeNull();
    // Replacing a value with a TTL gives it the new TTL; without one it is kept forever.
    await store.set('k', 'v1', 60_000);
    await store.set('k', 'v2');
    expect(await redis.pTTL('k')).toBe(-1);
  });

  test('setIfAbsent stores only when absent (SET NX PX) and the key expires', async () => {
    const store = createRedisStore(redis);
    expect(await store.setIfAbsent('lease', 'first', 200)).toBe(true);
    expect(await store.setIfAbsent('lease', 'second', 200)).toBe(false);
    expect(await store.get('lease')).toBe('first');
    expect(await redis.pTTL('lease')).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await store.setIfAbsent('lease', 'third', 200)).toBe(true);
    expect(await store.get('lease')).toBe('third');
  });

  test('increment counts atomically over 4 connections, with the TTL set by the first count', async () => {
    const clients = await Promise.all(
      Array.from({ length: 4 }, () => createClient({ url: server.url }).connect()),
    );
    try {
      const stores = clients.map((client) => createRedisStore(client));
      const counts = await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          (stores[index % stores.length]!.increment as NonNullable<(typeof stores)[0]['increment']>)(
            'plankit:count:test',
            60_000,
          ),
        ),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
      const ttl = await redis.pTTL('plankit:count:test');
      expect(ttl).toBeGreaterThan(50_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  test('deleteIfValue and extendIfValue compare and act in one step (EVAL)', async () => {
    const store = createRedisStore(redis, { prefix: 'app1:' });
    expect(await store.setIfAbsent('lease', 'mine', 200)).toBe(true);
    expect(await store.deleteIfValue('lease', 'theirs')).toBe(false);
    expect(await store.extendIfValue('lease', 'theirs', 60_000)).toBe(false);
    expect(await redis.pTTL('app1:lease')).toBeLessThanOrEqual(200);
    expect(await store.extendIfValue('lease', 'mine', 60_000)).toBe(true);
    expect(await redis.pTTL('app1:lease')).toBeGreaterThan(1_000);
    expect(await store.deleteIfValue('lease', 'mine')).toBe(true);
    expect(await redis.exists('app1:lease')).toBe(0);
    expect(await store.deleteIfValue('lease', 'mine')).toBe(false);
    expect(await store.extendIfValue('lease', 'mine', 1_000)).toBe(false);
    expect(await redis.exists('app1:lease')).toBe(0); // extending an absent key does not create it
  });

  test('fractional TTLs round up to whole ms; non-positive TTLs are refused before Redis is called', async () => {
    // The PX sent is read from the command, not from Redis: a 1 ms key may be gone before a PTTL could see it.
    const sent: (RedisSetOptions | undefined)[] = [];
    const store = createRedisStore({
      get: (key) => redis.get(key),
      set: (key, value, options) => {
        sent.push(options);
        return redis.set(key, value, options);
      },
      del: (key) => redis.del(key),
      eval: (script, options) => redis.eval(script, options),
    });
    await store.set('fraction', 'v', 0.2);
    expect(sent).toEqual([{ expiration: { type: 'PX', value: 1 } }]);
    await expect(store.set('zero', 'v', 0)).rejects.toThrow(RangeError);
    await expect(store.setIfAbsent('negative', 'v', -5)).rejects.toThrow(RangeError);
    expect(await redis.exists('zero')).toBe(0);
  });

  test('sends exactly one command per operation (no read-then-write)', async () => {
    const calls: string[] = [];
    const recording: RedisStoreClient = {
      get: (key) => {
        calls.push(`GET ${key}`);
        return redis.get(key);
      },
      set: (key, value, options?: RedisSetOptions) => {
        calls.push(`SET ${key} ${JSON.stringify(options ?? {})}`);
        return redis.set(key, value, options);
      },
      del: (key) => {
        calls.push(`DEL ${key}`);
        return redis.del(key);
      },
      eval: (script, options) => {
        calls.push(`EVAL ${script.includes('PEXPIRE') ? 'extend' : 'delete'} ${JSON.stringify(options)}`);
        return redis.eval(script, options);
      },
    };
    const store = createRedisStore(recording, { prefix: 'p:' });
    await store.setIfAbsent('x', '1', 1000);
    await store.setIfAbsent('x', '1', 1000);
    await store.extendIfValue('x', '1', 2000);
    await store.deleteIfValue('x', '1');
    await store.set('y', '1', 500);
    await store.get('y');
    await store.delete('y');
    expect(calls).toEqual([
      'SET p:x {"expiration":{"type":"PX","value":1000},"condition":"NX"}',
      'SET p:x {"expiration":{"type":"PX","value":1000},"condition":"NX"}',
      'EVAL extend {"keys":["p:x"],"arguments":["1","2000"]}',
      'EVAL delete {"keys":["p:x"],"arguments":["1"]}',
      'SET p:y {"expiration":{"type":"PX","value":500}}',
      'GET p:y',
      'DEL p:y',
    ]);
  });

  test('a command that does not answer fails after timeoutMs', async () => {
    const hanging: RedisStoreClient = {
      get: () => new Promise(() => {}),
      set: () => new Promise(() => {}),
      del: () => new Promise(() => {}),
      eval: () => new Promise(() => {}),
    };
    const store = createRedisStore(hanging, { timeoutMs: 50 });
    const started = Date.now();
    await expect(store.setIfAbsent('k', 'v', 1000)).rejects.toBeInstanceOf(RedisStoreTimeoutError);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(store.get('k')).rejects.toThrow(/did not answer GET within 50 ms/);
  });

  test('each command that does not answer is named in its timeout error', async () => {
    const hanging: RedisStoreClient = {
      get: () => new Promise(() => {}),
      set: () => new Promise(() => {}),
      del: () => new Promise(() => {}),
      eval: () => new Promise(() => {}),
    };
    const store = createRedisStore(hanging, { timeoutMs: 20 });
    const cases: [string, () => Promise<unknown>][] = [
      ['SET', () => store.set('k', 'v')],
      ['SET NX', () => store.setIfAbsent('k', 'v', 1000)],
      ['DEL', () => store.delete('k')],
      ['EVAL', () => store.deleteIfValue('k', 'v')],
      ['EVAL', () => store.extendIfValue('k', 'v', 1000)],
      ['EVAL', () => (store.increment as NonNullable<typeof store.increment>)('k')],
      ['EVAL', () => store.setIfNewer('k', 'v', 1)],
    ];
    for (const [command, run] of cases) {
      const error = await run().catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(RedisStoreTimeoutError);
      expect(error).toMatchObject({
        name: 'RedisStoreTimeoutError',
        message: `Plankit: Redis did not answer ${command} within 20 ms.`,
      });
    }
  });

  test('an answered command leaves no timer behind (a CLI exits as soon as it is done)', async () => {
    const store = createRedisStore(redis, { timeoutMs: 60_000 });
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    for (let index = 0; index < 20; index += 1) await store.get('k');
    expect(timers() - before).toBeLessThan(10);
  });

  test('versions must be safe integers and TTLs positive numbers, refused before Redis is called', async () => {
    const store = createRedisStore(redis);
    for (const version of [1.5, 2 ** 60, Number.NaN]) {
      await expect(store.setIfNewer('plankit:snapshot:cus_1', 'v', version)).rejects.toThrow(
        `Plankit: a snapshot version must be a safe integer, got ${version}.`,
      );
    }
    for (const ttl of [Number.NaN, Number.POSITIVE_INFINITY, 0]) {
      await expect(store.extendIfValue('k', 'v', ttl), String(ttl)).rejects.toThrow(
        `Plankit: a store TTL must be a positive number of ms, got ${ttl}.`,
      );
    }
    expect(await redis.keys('*')).toEqual([]);
  });

  test('a stopped redis-server makes every operation fail (and a restart recovers)', async () => {
    const own = await startRedisServer();
    const client = createClient({
      url: own.url,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: 50 },
    });
    client.on('error', () => {}); // reconnect attempts report errors; the store's callers see the failures
    await client.connect();
    try {
      const store = createRedisStore(client, { timeoutMs: 300 });
      await store.set('k', 'v');
      await own.stop();
      expect(own.running).toBe(false);
      await expect(store.get('k')).rejects.toThrow();
      await expect(store.setIfAbsent('k', 'v', 1000)).rejects.toThrow();
      await own.restart();
      await expect.poll(() => store.setIfAbsent('k', 'again', 1000).catch(() => 'down')).toBe(true);
      expect(await store.get('k')).toBe('again'); // nothing was persisted: the key was free
    } finally {
      client.destroy();
      await own.stop();
    }
  });
});

/** Redis Cluster's key slot: CRC16 (XMODEM) of the key, or of its first non-empty `{tag}`, modulo 16384. */
function clusterSlot(key: string): number {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const byte of Buffer.from(hashed)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit += 1)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

describe('setIfNewer on Redis Cluster', () => {
  test('the value and its version live in one hash slot, with or without a prefix or a hash tag', () => {
    expect(clusterSlot('123456789')).toBe(0x31c3 % 16384); // CRC16/XMODEM's check value
    for (const key of [
      'plankit:snapshot:cus_1',
      'shop:plankit:snapshot:cus_2',
      'shop:{tenant}:plankit:snapshot:cus_3',
    ]) {
      expect(versionKeyOf(key)).not.toBe(key);
      expect(clusterSlot(versionKeyOf(key))).toBe(clusterSlot(key));
    }
  });
});
