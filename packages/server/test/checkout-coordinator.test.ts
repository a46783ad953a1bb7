import { describe, expect, test } from 'vitest';
import { CheckoutCoordinator } from '../src/checkout/checkout-coordinator';
import { PlankitError } from '../src/http/plankit-error';
import { createMemoryStore } from '../src/store/memory-store';

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
    await store.set('plankit:lease:checkout:u', 'other-instance', 10_000);
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
});
