import { definePlans } from '@plankit/core';
import { planConfig } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import { CatalogCache } from '../src/catalog/catalog-cache';
import { createMemoryStore } from '../src/store/memory-store';
import type { PlankitStore } from '../src/store/plankit-store';
import { call, makeBilling, quietLogger, stripeCalls, useEmulator } from './harness';

// The catalog cache over a real memory store and the emulator: what is cached where, and what happens when the
// store fails or another instance writes first.

const env = useEmulator();
const plans = definePlans(planConfig);
const generationKey = 'plankit:catalog:generation';

/** A memory store that can be switched off, as a Redis that went away. */
function switchableStore() {
  const base = createMemoryStore();
  const state = { down: false };
  const guard =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      state.down ? Promise.reject(new Error('store down')) : method(...args);
  const store: PlankitStore = {
    ...base,
    get: guard(base.get),
    set: guard(base.set),
    setIfAbsent: guard(base.setIfAbsent),
  };
  return { store, state, base };
}

function cacheOver(store: PlankitStore) {
  return new CatalogCache(env.stripe, plans, store, 60_000, quietLogger());
}

describe('catalog cache', () => {
  test('warm reads hand out the one parsed catalog, not a fresh copy per request', async () => {
    const cache = cacheOver(createMemoryStore());
    const cold = await cache.get();
    const warm = await cache.get();
    expect(await cache.get()).toBe(warm);
    expect(warm).toEqual(cold);
  });

  test('with the store down, GET /plans is read from Stripe (one load for concurrent reads); checkout fails closed', async () => {
    const { store, state, base } = switchableStore();
    const billing = makeBilling(env.emulator, { store });
    state.down = true;
    const replies = await Promise.all([
      call(billing, '/plans'),
      call(billing, '/plans'),
      call(billing, '/plans'),
    ]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
    expect(replies[0]?.json.plans.map((plan: { key: string }) => plan.key)).toEqual([
      'starter',
      'pro',
      'team',
    ]);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/prices']);
    env.emulator.clearRequestLog();
    const checkout = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    expect(checkout.status).toBe(503);
    expect(checkout.json.error.code).toBe('store_unavailable');
    expect(stripeCalls(env.emulator)).toEqual([]); // it needs the store next anyway: Stripe is not asked
    // Nothing was cached meanwhile: the store holds no catalog, and the next read once it is back loads again.
    state.down = false;
    expect(await base.get(generationKey)).toBeNull();
    env.emulator.clearRequestLog();
    expect((await call(billing, '/plans')).status).toBe(200);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/prices']);
  });

  test('two instances starting cold at once agree on one generation: the loser caches under the winner’s', async () => {
    const base = createMemoryStore();
    // Another instance draws and stores its generation just before this one tries to.
    const racing: PlankitStore = {
      ...base,
      async setIfAbsent(key, value, ttlMs) {
        if (key === generationKey) await base.setIfAbsent(key, 'winner', ttlMs);
        return base.setIfAbsent(key, value, ttlMs);
      },
    };
    await cacheOver(racing).get();
    expect(await base.get(generationKey)).toBe('winner');
    expect(await base.get('plankit:catalog:v3:winner')).not.toBeNull();
    // Any instance reading the store now finds the catalog warm.
    env.emulator.clearRequestLog();
    await cacheOver(base).get();
    expect(stripeCalls(env.emulator)).toEqual([]);
  });

  test('with the store down too, a read after an invalidation does not join the load that started before it', async () => {
    const { store, state } = switchableStore();
    const cache = cacheOver(store);
    state.down = true;
    const hold = env.emulator.holdNext({ method: 'GET', path: '/v1/prices' });
    env.emulator.clearRequestLog();
    const older = cache.get({ storeDown: 'load' });
    await hold.reached;
    // A price webhook: the generation cannot be written, but this process forgets the running load anyway.
    await expect(cache.invalidate()).rejects.toThrow('store down');
    const after = cache.get({ storeDown: 'load' });
    await expect.poll(() => stripeCalls(env.emulator)).toEqual(['GET /v1/prices', 'GET /v1/prices']);
    hold.release();
    expect(await after).not.toBe(await older);
  });

  test('reads during a reload after an invalidation share that reload, even once the older load has ended', async () => {
    const cache = cacheOver(createMemoryStore());
    const prices = { method: 'GET', path: '/v1/prices' } as const;
    const [olderList, reloadList] = [env.emulator.holdNext(prices), env.emulator.holdNext(prices)];
    const older = cache.get();
    await olderList.reached;
    await cache.invalidate(); // a price webhook while the first load runs
    const reload = cache.get();
    await reloadList.reached;
    olderList.release();
    await older;
    // The older load has ended; the reload still runs: this read joins it instead of asking Stripe again.
    const joined = cache.get();
    reloadList.release();
    expect(await joined).toBe(await reload);
    expect(stripeCalls(env.emulator)).toEqual(['GET /v1/prices', 'GET /v1/prices']);
  });
});
