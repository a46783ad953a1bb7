import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';

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
