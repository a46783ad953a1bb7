import { createHash } from 'node:crypto';
import { PlankitError } from '../http/plankit-error';
import type { PlankitStore } from '../store/plankit-store';

/** A fixed-window limit: at most `max` events per `windowMs`. */
export interface WindowLimit {
  max: number;
  windowMs: number;
}

/** Refuses a limit that could never count (a window of 0 ms, a fraction of a request) at start-up. */
export function assertWindowLimit(name: string, limit: Partial<WindowLimit> | undefined): void {
  if (!limit) return;
  const { max, windowMs } = limit;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
    throw new Error(`Plankit: ${name}.max is a whole number of at least 1.`);
  }
  if (windowMs !== undefined && !(Number.isFinite(windowMs) && windowMs >= 1000)) {
    throw new Error(`Plankit: ${name}.windowMs is at least 1000 (ms).`);
  }
}

interface Window {
  key: string;
  retryAfterSeconds: number;
}

// Counters live under `plankit:count:` (a durable prefix: never evicted for caches), hashed so no user id is
// written in clear and the key stays short whatever the id.
function windowOf(purpose: string, subject: string, limit: WindowLimit, now: number): Window {
  const index = Math.floor(now / limit.windowMs);
  const hash = createHash('sha256').update(subject).digest('base64url').slice(0, 22);
  const retryAfterMs = (index + 1) * limit.windowMs - now;
  return {
    key: `plankit:count:${purpose}:${hash}:${index}`,
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
  };
}

function limited(window: Window): PlankitError {
  return new PlankitError('rate_limited', { headers: { 'retry-after': String(window.retryAfterSeconds) } });
}

/** Counts one event for the subject and throws `rate_limited` (with `Retry-After`) once it is over the limit. */
export async function consume(
  store: PlankitStore,
  purpose: string,
  subject: string,
  limit: WindowLimit,
): Promise<void> {
  const window = windowOf(purpose, subject, limit, Date.now());
  const count = store.increment ? await store.increment(window.key, limit.windowMs) : 1;
  if (count > limit.max) throw limited(window);
}

/** Throws `rate_limited` when the subject already used up the window, without counting. */
export async function assertUnderLimit(
  store: PlankitStore,
  purpose: string,
  subject: string,
  limit: WindowLimit,
): Promise<void> {
  const window = windowOf(purpose, subject, limit, Date.now());
  if (Number((await store.get(window.key)) ?? '0') >= limit.max) throw limited(window);
}
