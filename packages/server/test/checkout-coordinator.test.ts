import { describe, expect, test } from 'vitest';
import { CheckoutCoordinator } from '../src/checkout/checkout-coordinator';
import { PlankitError } from '../src/http/plankit-error';
import { createMemoryStore } from '../src/store/memory-store';
import type { PlankitStore } from '../src/store/plankit-store';

const leaseKey = 'plankit:lease:checkout:u';

describe('CheckoutCoordinator', () => {
  test('identical concurrent requests share one run; different ones run one at a time', async () => {
    const coordinator = new CheckoutCoordinator(createMemoryStore());
    let runs = 0;
    let active = 0;
    let maxActive = 0;
    const work = async () => {
      runs += 1;
      active += 1;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active -= 1;
      return runs;
    };
    const same = await Promise.all(Array.from({ length: 5 }, () => coordinator.run('u', 'a', work)));
    expect(new Set(same).size).toBe(1);
    expect(runs).toBe(1);
    await Promise.all([
      coordinator.run('u', 'b', work),
      coordinator.run('u', 'c', work),
      coordinator.run('u', 'd', work),
    ]);
    expect(runs).toBe(4);
    expect(maxActive).toBe(1);
  });

  test('a lease held elsewhere (shared store) makes the request wait, then checkout_in_progress', async () => {
    const store = createMemoryStore();
    // Held well beyond the wait, but not for ever: a request that ignored its deadline gets in and shows 'ran'.
    await store.set('plankit:lease:checkout:u', 'other-instance', 1_000);
    const coordinator = new CheckoutCoordinator(store, { waitMs: 150 });
    const error = await coordinator.run('u', 'a', async () => 'ran').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlankitError);
    expect((error as PlankitError).code).toBe('checkout_in_progress');
    await store.delete('plankit:lease:checkout:u');
    expect(await coordinator.run('u', 'a', async () => 'ran')).toBe('ran');
    expect(await store.get('plankit:lease:checkout:u')).toBeNull();
  });

  test('a waiting request polls at least every 250 ms, so a lease freed late in the wait is still taken', async () => {
    const store = createMemoryStore();
    // Freed after 1.2 s of a 1.7 s wait: polls 250 ms apart find it free with room to spare, while delays that kept
    // doubling (770 ms, then 1.77 s) would give up at 770 ms.
    await store.set(leaseKey, 'other-instance', 1_200);
    const coordinator = new CheckoutCoordinator(store, { waitMs: 1_700 });
    expect(await coordinator.run('u', 'a', async () => 'ran')).toBe('ran');
  });

  test('a waiting request backs off: a second of waiting tries the lease seven times, not hundreds', async () => {
    const base = createMemoryStore();
    await base.set(leaseKey, 'other-instance', 5_000);
    let tries = 0;
    const store: PlankitStore = {
      ...base,
      setIfAbsent: (key, value, ttlMs) => {
        tries += 1;
        return base.setIfAbsent(key, value, ttlMs);
      },
    };
    const coordinator = new CheckoutCoordinator(store, { waitMs: 1_000 });
    await expect(coordinator.run('u', 'a', async () => 'ran')).rejects.toMatchObject({
      code: 'checkout_in_progress',
    });
    // Tries at 0, 20, 60, 140, 300, 550 and 800 ms (waits doubling up to 250 ms); a late timer only means fewer.
    expect(tries).toBeGreaterThanOrEqual(2);
    expect(tries).toBeLessThanOrEqual(7);
  });

  test('the lease is released when the work fails', async () => {
    const store = createMemoryStore();
    const coordinator = new CheckoutCoordinator(store);
    await expect(coordinator.run('u', 'a', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await store.get('plankit:lease:checkout:u')).toBeNull();
  });

  test('a lease is renewed while its holder works, so a slow Stripe call never lets another instance in', async () => {
    const store = createMemoryStore(); // shared by two "instances"
    // Renewed every 80 ms: a timer up to 160 ms late (a loaded machine) still renews in time.
    const first = new CheckoutCoordinator(store, { leaseTtlMs: 240 });
    const second = new CheckoutCoordinator(store, { leaseTtlMs: 240, waitMs: 3_000 });
    const timeline: string[] = [];
    const slowWork = async () => {
      timeline.push('first:start');
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // > 4 lease TTLs
      timeline.push('first:end');
      return 'first';
    };
    const running = first.run('u', 'a', slowWork);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const waiting = second.run('u', 'a', async () => {
      timeline.push('second:start');
      return 'second';
    });
    expect(await Promise.all([running, waiting])).toEqual(['first', 'second']);
    expect(timeline).toEqual(['first:start', 'first:end', 'second:start']);
    expect(await store.get(leaseKey)).toBeNull();
  });

  test("releasing never deletes another instance's lease (compare-and-delete, not get then delete)", async () => {
    const base = createMemoryStore();
    let workDone = false;
    let takenOver = false;
    // The worst moment for the holder: its lease expires and another instance claims it right after the holder's
    // last read (get then delete), or right before its one atomic release.
    const takeOver = async () => {
      takenOver = true;
      await base.delete(leaseKey);
      await base.setIfAbsent(leaseKey, 'other-instance', 10_000);
    };
    const store: PlankitStore = {
      ...base,
      async get(key) {
        const value = await base.get(key);
        if (key === leaseKey && workDone && !takenOver) await takeOver();
        return value;
      },
      async deleteIfValue(key, value) {
        if (key === leaseKey && workDone && !takenOver) await takeOver();
        return base.deleteIfValue(key, value);
      },
    };
    const coordinator = new CheckoutCoordinator(store);
    await coordinator.run('u', 'a', async () => {
      workDone = true;
    });
    expect(takenOver).toBe(true);
    expect(await base.get(leaseKey)).toBe('other-instance');
  });

  test('a lease outlives a holder that died by 15 s by default, then lets the next request in', async () => {
    let now = 1_000_000;
    const store = createMemoryStore({ now: () => now });
    const holder = new CheckoutCoordinator(store);
    let finish = () => {};
    const hung = holder.run('u', 'a', () => new Promise<void>((resolve) => (finish = resolve)));
    await expect.poll(() => store.get(leaseKey)).not.toBeNull();
    now += 14_999;
    expect(await store.get(leaseKey)).not.toBeNull();
    now += 1;
    expect(await store.get(leaseKey)).toBeNull();
    finish();
    await hung;
  });

  test('a finished request runs again when sent again (its shared result is not kept)', async () => {
    const coordinator = new CheckoutCoordinator(createMemoryStore());
    let runs = 0;
    const work = async () => {
      runs += 1;
      return runs;
    };
    expect(await coordinator.run('u', 'a', work)).toBe(1);
    expect(await coordinator.run('u', 'a', work)).toBe(2);
  });

  test('a request arriving while the second in line runs queues behind it in this process', async () => {
    const coordinator = new CheckoutCoordinator(createMemoryStore(), { waitMs: 200 });
    const sleepFor = (ms: number) => () =>
      new Promise<string>((resolve) => setTimeout(() => resolve('ran'), ms));
    const first = coordinator.run('u', 'a', sleepFor(20));
    const second = coordinator.run('u', 'b', sleepFor(600));
    expect(await first).toBe('ran');
    // Behind `b` in this process's queue, so its deadline is the queue's (429), not a lease held elsewhere.
    const third = await coordinator.run('u', 'c', sleepFor(20)).catch((error: unknown) => error);
    expect((third as PlankitError).code).toBe('rate_limited');
    expect(await second).toBe('ran');
  });

  test('the waiting count follows the queue: one more may wait only when one has left it', async () => {
    const coordinator = new CheckoutCoordinator(createMemoryStore(), { maxWaiting: 1, waitMs: 1_500 });
    const finishers: Array<() => void> = [];
    const held = () => new Promise<string>((resolve) => finishers.push(() => resolve('done')));
    const running = coordinator.run('u', 'a', held);
    const waiting = coordinator.run('u', 'b', held);
    const refused = await coordinator.run('u', 'c', held).catch((error: unknown) => error);
    expect((refused as PlankitError).code).toBe('rate_limited');
    // Retry-After is the wait, in whole seconds rounded up.
    expect((refused as PlankitError).headers).toEqual({ 'retry-after': '2' });
    await expect.poll(() => finishers.length).toBe(1);
    finishers[0]!();
    expect(await running).toBe('done');
    // `b` runs now; one may wait behind it, a second may not.
    const next = coordinator.run('u', 'd', held);
    const tooMany = await coordinator.run('u', 'e', held).catch((error: unknown) => error);
    expect((tooMany as PlankitError).code).toBe('rate_limited');
    await expect.poll(() => finishers.length).toBe(2);
    finishers[1]!();
    await expect.poll(() => finishers.length).toBe(3);
    finishers[2]!();
    expect(await Promise.all([waiting, next])).toEqual(['done', 'done']);
    // Everyone has left: the user's count is back to zero.
    expect(await coordinator.run('u', 'f', async () => 'f')).toBe('f');
    expect(await coordinator.run('u', 'g', async () => 'g')).toBe('g');
  });

  test('a renewal the store fails is tried again at the next tick, so the lease still holds', async () => {
    const base = createMemoryStore();
    let failures = 0;
    const flaky: PlankitStore = {
      ...base,
      async extendIfValue(key, value, ttlMs) {
        if (failures < 1) {
          failures += 1;
          throw new Error('store hiccup');
        }
        return base.extendIfValue(key, value, ttlMs);
      },
    };
    // After a failed renewal the next comes at two thirds of the TTL: a TTL long enough for a late timer.
    const first = new CheckoutCoordinator(flaky, { leaseTtlMs: 1_500 });
    const second = new CheckoutCoordinator(base, { leaseTtlMs: 1_500, waitMs: 4_000 });
    const timeline: string[] = [];
    const running = first.run('u', 'a', async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_000)); // > the TTL
      timeline.push('first:end');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = second.run('u', 'a', async () => {
      timeline.push('second:start');
    });
    await Promise.all([running, waiting]);
    expect(failures).toBe(1);
    expect(timeline).toEqual(['first:end', 'second:start']);
  });

  test('renewal stops with the work: a lease the store failed to release then expires on its own', async () => {
    const base = createMemoryStore();
    let renewing = false;
    let finishWork = () => {};
    const workDone = new Promise<void>((resolve) => (finishWork = resolve));
    const store: PlankitStore = {
      ...base,
      // The first renewal is still on its way to the store when the work ends.
      async extendIfValue(key, value, ttlMs) {
        renewing = true;
        await workDone;
        return base.extendIfValue(key, value, ttlMs);
      },
      async deleteIfValue() {
        throw new Error('store hiccup');
      },
    };
    const coordinator = new CheckoutCoordinator(store, { leaseTtlMs: 150 });
    const result = await coordinator.run('u', 'a', async () => {
      await expect.poll(() => renewing).toBe(true);
      finishWork();
      return 'done';
    });
    expect(result).toBe('done'); // a failed release does not fail the checkout
    await expect.poll(() => base.get(leaseKey), { timeout: 2_000 }).toBeNull();
    // And stays gone: nothing renews it any more.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await base.get(leaseKey)).toBeNull();
  });
});
