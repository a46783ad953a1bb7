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
  /**
   * How long a request waits for other checkouts of the same user, in this process's queue and for the lease
   * together (default 8 s): then `429 rate_limited` in the queue, `checkout_in_progress` for a lease held elsewhere.
   */
  waitMs?: number;
  /**
   * Checkouts of one user that may wait while one runs (default 3). More answer `429 rate_limited` at once with
   * `Retry-After`: each checkout costs Stripe calls, and Stripe's rate limit is shared by every user of the account.
   */
  maxWaiting?: number;
}

function tooMany(retryAfterSeconds: number): PlankitError {
  return new PlankitError('rate_limited', { headers: { 'retry-after': String(retryAfterSeconds) } });
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
  /** Distinct checkouts per user, running or waiting, in this process. */
  private readonly pending = new Map<string, number>();
  private readonly leaseTtlMs: number;
  private readonly waitMs: number;
  private readonly maxWaiting: number;

  constructor(
    private readonly store: PlankitStore,
    options: CheckoutCoordinatorOptions = {},
  ) {
    this.leaseTtlMs = options.leaseTtlMs ?? 15_000;
    this.waitMs = options.waitMs ?? 8_000;
    this.maxWaiting = options.maxWaiting ?? 3;
  }

  /** Runs `work` for this user, coalescing identical requests (same fingerprint) and serializing the rest. */
  run<T>(userId: string, fingerprint: string, work: () => Promise<T>): Promise<T> {
    const flightKey = `${userId}\u0000${fingerprint}`;
    const existing = this.inflight.get(flightKey);
    if (existing) return existing as Promise<T>;
    const count = this.pending.get(userId) ?? 0;
    if (count > this.maxWaiting) return Promise.reject(tooMany(Math.ceil(this.waitMs / 1000)));
    this.pending.set(userId, count + 1);
    const promise = this.exclusive(userId, work).finally(() => {
      this.inflight.delete(flightKey);
      const left = (this.pending.get(userId) ?? 1) - 1;
      if (left > 0) this.pending.set(userId, left);
      else this.pending.delete(userId);
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
    const deadline = Date.now() + this.waitMs;
    try {
      // The wait has a deadline: a user's queue must not hold requests (and sockets) open without end. Leaving
      // releases our place at once; the next in line still waits for the checkout ahead of us.
      await this.waitUntil(previous, deadline);
      return await this.withLease(userId, work, deadline);
    } finally {
      release();
      if (this.queues.get(userId) === tail) this.queues.delete(userId);
    }
  }

  private async waitUntil(previous: Promise<void>, deadline: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(tooMany(1)), Math.max(0, deadline - Date.now()));
    });
    try {
      await Promise.race([previous, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async withLease<T>(userId: string, work: () => Promise<T>, deadline: number): Promise<T> {
    const key = `plankit:lease:checkout:${userId}`;
    const token = randomUUID();
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
