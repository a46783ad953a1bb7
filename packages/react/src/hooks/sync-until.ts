import type { SubscriptionState } from '@plankit/core';
import { isPlankitError } from '../plankit-error';

/** How a run of {@link syncUntil} ended. */
export type SyncOutcome =
  | { type: 'done'; state: SubscriptionState }
  /** The deadline passed; `state` is the last answer, if any came. */
  | { type: 'timeout'; state: SubscriptionState | undefined; error: unknown }
  /** An error that waiting does not fix (signed out, blocked origin): stop at once. */
  | { type: 'failed'; error: unknown }
  | { type: 'aborted' };

export interface SyncUntilOptions {
  sync(): Promise<SubscriptionState>;
  /** Whether an answer is the one the page waits for. */
  done(state: SubscriptionState): boolean;
  /** Called with every answer, the last one included (write it to the cache). */
  onAnswer(state: SubscriptionState): void | Promise<void>;
  /** Give up after this long (ms), counted from the start. */
  timeoutMs: number;
  signal: AbortSignal;
  now?: () => number;
}

/** The wait before the next attempt: 0.5 s, doubling, at most 5 s (about ten calls in 30 s). */
export function backoffMs(attempt: number): number {
  return Math.min(5000, 500 * 2 ** attempt);
}

// Waiting fixes these: too many requests, Stripe or the store briefly down, a network failure (status 0).
const transientCodes = new Set(['rate_limited', 'stripe_unavailable', 'store_unavailable', 'internal_error']);

function isTransient(error: unknown): boolean {
  return !isPlankitError(error) || transientCodes.has(error.code) || error.status === 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/**
 * Calls `sync` until `done` accepts an answer, the deadline passes or an error says waiting is pointless.
 * Between calls it backs off; a `Retry-After` from the server (429, 503) is honoured when longer.
 * The first call waits one macrotask, so StrictMode's mount, unmount, mount sends one request, not two.
 */
export async function syncUntil(options: SyncUntilOptions): Promise<SyncOutcome> {
  const { signal } = options;
  const now = options.now ?? Date.now;
  const deadline = now() + options.timeoutMs;
  let last: SubscriptionState | undefined;
  let lastError: unknown;
  await sleep(0, signal);
  for (let attempt = 0; ; attempt += 1) {
    if (signal.aborted) return { type: 'aborted' };
    const wait = backoffMs(attempt);
    // The server's Retry-After is a floor that must not be cut short; the backoff may be, for a last try.
    let floor = 0;
    try {
      last = await options.sync();
      lastError = undefined;
      if (signal.aborted) return { type: 'aborted' };
      await options.onAnswer(last);
      if (options.done(last)) return { type: 'done', state: last };
    } catch (error) {
      if (signal.aborted) return { type: 'aborted' };
      if (!isTransient(error)) return { type: 'failed', error };
      lastError = error;
      if (isPlankitError(error) && error.retryAfterMs !== undefined) floor = error.retryAfterMs;
    }
    const left = deadline - now();
    // A retry the server asked for only after the deadline is not made: the page says so now instead.
    if (left <= 0 || floor > left) return { type: 'timeout', state: last, error: lastError };
    await sleep(Math.max(floor, Math.min(wait, left)), signal);
  }
}
