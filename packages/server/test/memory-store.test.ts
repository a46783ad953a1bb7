import { describe, expect, test } from 'vitest';
import { createMemoryStore, MemoryStoreFullError } from '../src/store/memory-store';

describe('createMemoryStore', () => {
  test('get, set, setIfAbsent and delete with TTLs', async () => {
    let now = 1_000;
    const store = createMemoryStore({ now: () => now });
    expect(await store.get('a')).toBeNull();
    await store.set('a', '1', 100);
    expect(await store.get('a')).toBe('1');
    expect(await store.setIfAbsent('a', '2', 100)).toBe(false);
    now += 100;
    expect(await store.get('a')).toBeNull();
    expect(await store.setIfAbsent('a', '2', 100)).toBe(true);
    expect(await store.get('a')).toBe('2');
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
    await store.set('forever', 'x');
    now += 10 ** 9;
    expect(await store.get('forever')).toBe('x');
  });

  test('is bounded: the oldest keys go first', async () => {
    const store = createMemoryStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.set(key, key);
    expect(store.size).toBe(3);
    expect(await store.get('a')).toBeNull();
    expect(await store.get('d')).toBe('d');
  });

  test('increment counts from 1 with the TTL of the first count', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    expect(await store.increment?.('plankit:count:a', 100)).toBe(1);
    now = 60;
    expect(await store.increment?.('plankit:count:a', 100)).toBe(2);
    now = 100; // the window of the first count is over
    expect(await store.increment?.('plankit:count:a', 100)).toBe(1);
  });
  // The behaviour every store shares (atomicity, leases, setIfNewer) is in store-contract.ts.
});

describe('createMemoryStore budgets', () => {
  test('by default it keeps 10 000 cache keys, and size counts caches and durable keys', async () => {
    const store = createMemoryStore();
    await store.set('plankit:event:evt_1', 'done');
    await store.set('plankit:customer:u1', 'cus_1');
    for (let index = 0; index <= 10_000; index += 1) await store.set(`plankit:plans:${index}`, 'x');
    expect(store.size).toBe(10_002);
    expect(await store.get('plankit:plans:0')).toBeNull();
    expect(await store.get('plankit:plans:1')).toBe('x');
    expect(await store.get('plankit:event:evt_1')).toBe('done');
  });

  test('by default it refuses the 100 001st durable key', async () => {
    const store = createMemoryStore();
    for (let index = 0; index < 100_000; index += 1) await store.set(`plankit:event:evt_${index}`, 'done');
    await expect(store.set('plankit:event:evt_last', 'done')).rejects.toBeInstanceOf(MemoryStoreFullError);
  });

  test('a key written again moves to the newest place, so the oldest untouched one goes first', async () => {
    const store = createMemoryStore({ maxEntries: 2 });
    await store.set('a', '1');
    await store.set('b', '1');
    await store.set('a', '2');
    await store.set('c', '1');
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).toBe('2');
    expect(await store.get('c')).toBe('1');
  });

  test('a full durable budget: refuses a new key, still replaces a kept one, and makes room as keys expire', async () => {
    let now = 0;
    const store = createMemoryStore({ maxEntries: 5, maxDurableEntries: 2, now: () => now });
    await store.set('plankit:lease:a', 'x', 100);
    await store.set('plankit:lease:b', 'x', 200);
    const full = await store.set('plankit:lease:c', 'x', 100).catch((error: unknown) => error);
    expect(full).toBeInstanceOf(MemoryStoreFullError);
    expect(full).toMatchObject({
      name: 'MemoryStoreFullError',
      message: expect.stringMatching(/^Plankit: the memory store holds 2 durable keys .* and is full\.$/),
    });
    await store.set('plankit:lease:a', 'y', 100); // replacing a kept key takes no room
    expect(await store.get('plankit:lease:a')).toBe('y');
    await store.set('cache', 'x'); // caches have their own budget
    expect(store.size).toBe(3);
    now = 100; // lease a expires at exactly 100: its room is free again
    await store.set('plankit:lease:c', 'x', 100);
    expect(await store.get('plankit:lease:c')).toBe('x');
    expect(await store.get('plankit:lease:b')).toBe('x');
  });

  test('an expired key is forgotten when read', async () => {
    let now = 0;
    const store = createMemoryStore({ now: () => now });
    await store.set('plankit:lease:a', 'x', 100);
    await store.set('cache', 'x', 100);
    expect(store.size).toBe(2);
    now = 100;
    expect(await store.get('plankit:lease:a')).toBeNull();
    expect(await store.get('cache')).toBeNull();
    expect(store.size).toBe(0);
  });
});
