import type { PlankitStore } from '../store/plankit-store';
import { idempotencyKey } from './idempotency-key';
import { stripeErrorFacts } from './stripe-error-facts';

/** As long as Stripe keeps a key's saved result. */
const savedResultMs = 24 * 60 * 60 * 1000;

/**
 * Whether Stripe may have saved this failure for the key: any answer from an executing endpoint (402, 404, 500...).
 * Not a rate limit or a key conflict (Stripe saves nothing for those), nor a lost connection (the request may
 * have succeeded, and the same key then returns that success).
 */
function mayBeSaved(error: unknown): boolean {
  const facts = stripeErrorFacts(error);
  if (!facts || facts.statusCode === undefined) return false;
  return !['rate_limit', 'conflict', 'idempotency', 'connection'].includes(facts.kind);
}

/** The failures recorded for one attempt: a record names the attempt (its base key) it counts. */
function failuresOf(raw: string | null, base: string): number {
  try {
    const record: unknown = JSON.parse(raw ?? 'null');
    if (!record || typeof record !== 'object') return 0;
    const { attempt, failures } = record as Record<string, unknown>;
    return attempt === base && typeof failures === 'number' ? failures : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs one Stripe mutation under a key derived from `parts`, so concurrent duplicates (a double click, two tabs,
 * two instances) share it and Stripe collapses them. Stripe replays a key's first result for 24 h, failures
 * included; so once an attempt has failed, the failure is recorded and the next, deliberate attempt gets the
 * next key instead of the saved failure. Everyone who saw the same failure moves to the same next key.
 *
 * `recordKey` names where failures are recorded (default: one record per attempt). Where the caller chooses part
 * of the key (a plan change's proration date), pass one record per object, so failed attempts cannot fill the store:
 * the record then holds only the last failed attempt.
 */
export async function withAttemptKey<T>(
  store: PlankitStore,
  purpose: string,
  parts: readonly (string | number | null | undefined)[],
  run: (key: string) => Promise<T>,
  options: { recordKey?: string } = {},
): Promise<T> {
  const base = idempotencyKey(purpose, ...parts);
  const recordKey = options.recordKey ?? `plankit:failed-attempts:${base}`;
  const failures = failuresOf(await store.get(recordKey), base);
  const key = failures === 0 ? base : idempotencyKey(`${purpose}-retry`, base, failures);
  try {
    return await run(key);
  } catch (error) {
    if (mayBeSaved(error)) {
      // The Stripe error is what the caller must see, even if the store fails too.
      const record = JSON.stringify({ attempt: base, failures: failures + 1 });
      await store.set(recordKey, record, savedResultMs).catch(() => undefined);
    }
    throw error;
  }
}
