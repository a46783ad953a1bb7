import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, test } from 'vitest';
import type { PlankitStore } from '../src/store/plankit-store';
import { createPostgresStore, migratePostgres, type PostgresClient } from '../src/store/postgres-store';

/** Stores opened for one test: each reaches the same, empty data over its own connection where the store has them. */
export interface StoreUnderTest {
  stores: PlankitStore[];
  close(): Promise<void>;
}

/** Opens `connections` stores on a fresh, empty namespace (a schema, a flushed Redis, a new memory store). */
export type OpenStores = (connections: number) => Promise<StoreUnderTest>;

let schemas = 0;
/** `count` Postgres stores on a fresh schema of one database: the store's `schema` option isolates the tests. */
export async function postgresStores(db: PostgresClient, count: number): Promise<PlankitStore[]> {
  const schema = `contract_${++schemas}`;
  await migratePostgres(db, { schema });
  const store = await createPostgresStore(db, { schema });
  return Array.from({ length: count }, () => store);
}

function increment(store: PlankitStore, key: string, ttlMs?: number): Promise<number> {
  if (!store.increment) throw new Error('the store has no atomic increment');
  return store.increment(key, ttlMs);
}

/** Shuffles a copy (Fisher-Yates), so concurrent writes do not arrive in version order. */
function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/**
 * The one behaviour every {@link PlankitStore} shares, run against the memory, Redis, Postgres and PGlite stores
 * (store-contract.test.ts). TTLs are real (short) times, since the stores keep time on different clocks.
 */
export function storeContract(open: OpenStores): void {
  let opened: StoreUnderTest | undefined;
  async function stores(connections = 1): Promise<PlankitStore[]> {
    opened = await open(connections);
    return opened.stores;
  }
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  describe('values', () => {
    test('get, set, replace and delete; absent keys read null and delete without error', async () => {
      const [store] = await stores();
      expect(await store!.get('plankit:customer:u1')).toBeNull();
      await store!.set('plankit:customer:u1', 'cus_1');
      expect(await store!.get('plankit:customer:u1')).toBe('cus_1');
      await store!.set('plankit:customer:u1', 'cus_2');
      expect(await store!.get('plankit:customer:u1')).toBe('cus_2');
      await store!.delete('plankit:customer:u1');
      expect(await store!.get('plankit:customer:u1')).toBeNull();
      await store!.delete('never-set');
      expect(await store!.get('plankit:customer:u2')).toBeNull();
    });

    test('unicode keys and values, and a large JSON value, come back byte for byte', async () => {
      const [store] = await stores();
      const text = 'Zoë — 日本語のプラン 🎉 \u{1F468}\u200D\u{1F469}\u200D\u{1F467} "quotes" \\ back\nline';
      await store!.set(`plankit:customer:ユーザー-${text.length}`, text);
      expect(await store!.get(`plankit:customer:ユーザー-${text.length}`)).toBe(text);
      const large = JSON.stringify({
        subscriptions: Array.from({ length: 2000 }, (_, index) => ({
          id: `sub_${index}`,
          items: [{ price: `price_${index}`, quantity: index, name: `Plan ${text}` }],
        })),
      });
      expect(large.length).toBeGreaterThan(200_000);
      await store!.set('plankit:snapshot:cus_large', large);
      expect(await store!.get('plankit:snapshot:cus_large')).toBe(large);
    });

    test('a TTL expires the value; replacing it without a TTL keeps it', async () => {
      const [store] = await stores();
      await store!.set('short', 'v', 150);
      await store!.set('kept', 'v1', 150);
      await store!.set('kept', 'v2');
      await store!.set('long', 'v', 60_000);
      expect(await store!.get('short')).toBe('v');
      await sleep(400);
      expect(await store!.get('short')).toBeNull();
      expect(await store!.get('kept')).toBe('v2');
      expect(await store!.get('long')).toBe('v');
    });
  });

  describe('setIfAbsent (leases, event ids)', () => {
    test('stores only when absent; an expired or deleted key is taken over', async () => {
      const [store] = await stores();
      expect(await store!.setIfAbsent('plankit:lease:a', 'first', 150)).toBe(true);
      expect(await store!.setIfAbsent('plankit:lease:a', 'second', 150)).toBe(false);
      expect(await store!.get('plankit:lease:a')).toBe('first');
      await sleep(400);
      expect(await store!.setIfAbsent('plankit:lease:a', 'third', 60_000)).toBe(true);
      expect(await store!.get('plankit:lease:a')).toBe('third');
      await store!.delete('plankit:lease:a');
      expect(await store!.setIfAbsent('plankit:lease:a', 'fourth', 60_000)).toBe(true);
      expect(await store!.get('plankit:lease:a')).toBe('fourth');
    });

    test('is atomic: of 50 concurrent claims, exactly one wins and its value is kept', async () => {
      const all = await stores(4);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          all[index % all.length]!.setIfAbsent('plankit:lease:contended', `claim-${index}`, 10_000),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await all[0]!.get('plankit:lease:contended')).toBe(`claim-${results.indexOf(true)}`);
    });
  });

  describe('deleteIfValue and extendIfValue (lease release and renewal)', () => {
    test('act only when the key holds the value', async () => {
      const [store] = await stores();
      await store!.set('plankit:lease:l', 'mine', 300);
      expect(await store!.deleteIfValue('plankit:lease:l', 'theirs')).toBe(false);
      expect(await store!.extendIfValue('plankit:lease:l', 'theirs', 60_000)).toBe(false);
      expect(await store!.extendIfValue('plankit:lease:l', 'mine', 60_000)).toBe(true);
      await sleep(500); // past the first TTL, inside the renewed one
      expect(await store!.get('plankit:lease:l')).toBe('mine');
      expect(await store!.deleteIfValue('plankit:lease:l', 'mine')).toBe(true);
      expect(await store!.get('plankit:lease:l')).toBeNull();
      expect(await store!.deleteIfValue('plankit:lease:l', 'mine')).toBe(false);
      expect(await store!.extendIfValue('plankit:lease:l', 'mine', 1000)).toBe(false);
      expect(await store!.get('plankit:lease:l')).toBeNull(); // extending an absent key does not create it
    });

    test('an expired lease can be neither renewed nor released by its old holder', async () => {
      const [store] = await stores();
      await store!.set('plankit:lease:e', 'mine', 100);
      await sleep(300);
      expect(await store!.extendIfValue('plankit:lease:e', 'mine', 60_000)).toBe(false);
      expect(await store!.deleteIfValue('plankit:lease:e', 'mine')).toBe(false);
      expect(await store!.get('plankit:lease:e')).toBeNull();
    });

    test('of 100 concurrent releases with the right token, exactly one removes the key', async () => {
      const all = await stores(4);
      await all[0]!.set('plankit:lease:r', 'token', 10_000);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          all[index % all.length]!.deleteIfValue('plankit:lease:r', 'token'),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('increment (rate limits, sync versions)', () => {
    test('counts from 1; the TTL starts with the first count and a new window starts at 1', async () => {
      const [store] = await stores();
      expect(await increment(store!, 'plankit:count:w', 300)).toBe(1);
      expect(await increment(store!, 'plankit:count:w', 300)).toBe(2);
      await sleep(500);
      expect(await increment(store!, 'plankit:count:w', 300)).toBe(1);
    });

    test('without a TTL the counter never expires, and it restarts at 1 after a delete', async () => {
      const [store] = await stores();
      expect(await increment(store!, 'plankit:count:forever')).toBe(1);
      await sleep(300);
      expect(await increment(store!, 'plankit:count:forever')).toBe(2);
      expect(await store!.get('plankit:count:forever')).toBe('2');
      await store!.delete('plankit:count:forever');
      expect(await increment(store!, 'plankit:count:forever')).toBe(1);
    });

    test('is atomic: 100 concurrent increments answer 1..100', async () => {
      const all = await stores(4);
      const counts = await Promise.all(
        Array.from({ length: 100 }, (_, index) =>
          increment(all[index % all.length]!, 'plankit:count:c', 60_000),
        ),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
      expect(await all[0]!.get('plankit:count:c')).toBe('100');
    });
  });

  describe('setIfNewer (billing snapshots)', () => {
    test('stores only a greater version; equal and older ones are refused', async () => {
      const [store] = await stores();
      const key = 'plankit:snapshot:cus_1';
      expect(await store!.setIfNewer(key, '{"v":5}', 5)).toBe(true);
      expect(await store!.setIfNewer(key, '{"v":4}', 4)).toBe(false);
      expect(await store!.setIfNewer(key, '{"v":"5 again"}', 5)).toBe(false);
      expect(await store!.get(key)).toBe('{"v":5}');
      expect(await store!.setIfNewer(key, '{"v":6}', 6)).toBe(true);
      expect(await store!.get(key)).toBe('{"v":6}');
    });

    test('the version outlives a delete: an older write never comes back', async () => {
      const [store] = await stores();
      const key = 'plankit:snapshot:cus_2';
      expect(await store!.setIfNewer(key, 'new', 10)).toBe(true);
      await store!.delete(key);
      expect(await store!.get(key)).toBeNull();
      expect(await store!.setIfNewer(key, 'late and older', 9)).toBe(false);
      expect(await store!.get(key)).toBeNull();
      expect(await store!.setIfNewer(key, 'newer', 11)).toBe(true);
      expect(await store!.get(key)).toBe('newer');
    });

    test('concurrent writes of shuffled versions: the highest wins', async () => {
      const all = await stores(4);
      const key = 'plankit:snapshot:cus_race';
      const versions = shuffled(Array.from({ length: 50 }, (_, index) => index + 1));
      const results = await Promise.all(
        versions.map((version, index) =>
          all[index % all.length]!.setIfNewer(key, JSON.stringify({ version }), version),
        ),
      );
      expect(results[versions.indexOf(50)]).toBe(true);
      expect(await all[0]!.get(key)).toBe(JSON.stringify({ version: 50 }));
      expect(await all[1 % all.length]!.setIfNewer(key, 'older', 49)).toBe(false);
    });

    test('keys are independent: versions of one customer do not hold back another', async () => {
      const [store] = await stores();
      expect(await store!.setIfNewer('plankit:snapshot:cus_a', 'a', 100)).toBe(true);
      expect(await store!.setIfNewer('plankit:snapshot:cus_b', 'b', 1)).toBe(true);
      expect(await store!.get('plankit:snapshot:cus_b')).toBe('b');
    });
  });
}
