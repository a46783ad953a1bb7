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
    const first = new CheckoutCoordinator(store, { leaseTtlMs: 90 });
    const second = new CheckoutCoordinator(store, { leaseTtlMs: 90, waitMs: 2_000 });
    const timeline: string[] = [];
    const slowWork = async () => {
      timeline.push('first:start');
      await new Promise((resolve) => setTimeout(resolve, 400)); // > 4 lease TTLs
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
});
