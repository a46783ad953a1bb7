import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PlankitError } from '../http/plankit-error';
import type { PlankitStore } from '../store/plankit-store';

/** Options of the {@link CheckoutCoordinator}. */
export interface CheckoutCoordinatorOptions {
  /**
   * How long a lease outlives its holder, should the holder die (default 15 s). While the holder works, the lease is
   * renewed every third of this, so a Stripe call slower than it (timeout x retries) never lets another
   * instance in.
   */
  leaseTtlMs?: number;
  /** How long a request waits for another checkout of the same user before `checkout_in_progress` (default 8 s). */
  waitMs?: number;
}

/**
 * The first two of the three layers that keep one user to one Checkout session (the third is Stripe's own
 * idempotency, see checkout-flow.ts):
 * 1. in this process, identical concurrent requests of one user share one result, and different ones run
 *    one after another;
 * 2. across processes, a lease in the store (`SET NX PX`) lets one request per user at a time work with Stripe,
 *    which matters as soon as instances share a store such as Redis. The holder renews it while it works and
 *    releases it with a compare-and-delete, so it never removes a lease that another instance holds.
 */
export class CheckoutCoordinator {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly leaseTtlMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly store: PlankitStore,
    options: CheckoutCoordinatorOptions = {},
  ) {
    this.leaseTtlMs = options.leaseTtlMs ?? 15_000;
    this.waitMs = options.waitMs ?? 8_000;
  }

  /** Runs `work` for this user, coalescing identical requests (same fingerprint) and serializing the rest. */
  run<T>(userId: string, fingerprint: string, work: () => Promise<T>): Promise<T> {
    const flightKey = `${userId}\u0000${fingerprint}`;
    const existing = this.inflight.get(flightKey);
    if (existing) return existing as Promise<T>;
    const promise = this.exclusive(userId, work).finally(() => {
      this.inflight.delete(flightKey);
    });
    this.inflight.set(flightKey, promise);
    return promise;
  }

  private async exclusive<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(userId) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.queues.set(userId, tail);
    await previous;
    try {
      return await this.withLease(userId, work);
    } finally {
      release();
      if (this.queues.get(userId) === tail) this.queues.delete(userId);
    }
  }

  private async withLease<T>(userId: string, work: () => Promise<T>): Promise<T> {
    const key = `plankit:lease:checkout:${userId}`;
    const token = randomUUID();
    const deadline = Date.now() + this.waitMs;
    let delay = 20;
    while (!(await this.store.setIfAbsent(key, token, this.leaseTtlMs))) {
      if (Date.now() + delay > deadline) throw new PlankitError('checkout_in_progress');
      await sleep(delay);
      delay = Math.min(delay * 2, 250);
    }
    const renewal = this.renewWhileWorking(key, token);
    try {
      return await work();
    } finally {
      renewal.stop();
      try {
        // One atomic step: a get then a delete could remove a lease that expired and was taken in between.
        await this.store.deleteIfValue(key, token);
      } catch {
        // The lease expires on its own; failing to release it only delays the next checkout of this user.
      }
    }
  }

  /**
   * Extends the lease every third of its TTL until stopped. A failed renewal is retried at the next tick; should
   * the lease be lost anyway, Stripe's idempotency (layer 3) still keeps the user to one session.
   */
  private renewWhileWorking(key: string, token: string): { stop(): void } {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const schedule = () => {
      timer = setTimeout(async () => {
        try {
          if (!(await this.store.extendIfValue(key, token, this.leaseTtlMs))) return; // lost: stop renewing
        } catch {
          // The store hiccupped; try again at the next tick while the lease may still be ours.
        }
        if (!stopped) schedule();
      }, this.leaseTtlMs / 3);
      timer.unref?.();
    };
    schedule();
    return {
      stop() {
        stopped = true;
        clearTimeout(timer);
      },
    };
  }
}
