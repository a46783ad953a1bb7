import { randomUUID } from 'node:crypto';
import type { PlankitStore } from '../store/plankit-store';

/** One reconcile pass at a time across every instance sharing the store. */
export const reconcileLeaseKey = 'plankit:lease:reconcile';

/** A held lease: `lost` turns true when a renewal finds another holder (the pass then stops before writing more). */
export interface ReconcileLease {
  readonly lost: boolean;
  release(): Promise<void>;
}

/**
 * Takes the reconcile lease, or answers null when another instance holds it. The holder renews it every third of
 * `ttlMs` while it works; should the holder die, the lease frees itself after `ttlMs`, so a crashed pass never
 * blocks the schedule for long.
 */
export async function takeReconcileLease(store: PlankitStore, ttlMs: number): Promise<ReconcileLease | null> {
  const token = randomUUID();
  if (!(await store.setIfAbsent(reconcileLeaseKey, token, ttlMs))) return null;
  let lost = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const renew = () => {
    timer = setTimeout(async () => {
      try {
        if (!(await store.extendIfValue(reconcileLeaseKey, token, ttlMs))) {
          lost = true;
          return;
        }
      } catch {
        // A store hiccup: try again at the next tick while the lease may still be ours.
      }
      renew();
    }, ttlMs / 3);
    timer.unref?.();
  };
  renew();
  return {
    get lost() {
      return lost;
    },
    async release() {
      clearTimeout(timer);
      lost = true;
      // Compare-and-delete: never remove a lease that expired and was taken by another instance meanwhile.
      await store.deleteIfValue(reconcileLeaseKey, token).catch(() => undefined);
    },
  };
}
