import { randomUUID } from 'node:crypto';
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

/** The last failure recorded under a record key: the attempt (its base key) that failed and a random token. */
interface FailureRecord {
  attempt: string;
  token: string;
}

function recordOf(raw: string | null): FailureRecord | null {
  try {
    const record: unknown = JSON.parse(raw ?? 'null');
    if (!record || typeof record !== 'object') return null;
    const { attempt, token, failures } = record as Record<string, unknown>;
    if (typeof attempt !== 'string') return null;
    if (typeof token === 'string') return { attempt, token };
    // A record of an earlier version (a failure count) still means "failed": its count stands in for the token.
    return typeof failures === 'number' ? { attempt, token: String(failures) } : null;
  } catch {
    return null;
  }
}

/**
 * Runs one Stripe mutation under a key derived from `parts`, so concurrent duplicates (a double click, two tabs,
 * two instances) share it and Stripe collapses them. Stripe replays a key's first result for 24 h, failures
 * included; so once an attempt has failed, the failure is recorded with a fresh random token and the next,
 * deliberate attempt goes out under a key derived from (base key, token) instead of the saved failure. Everyone who
 * reads the same record derives the same key, so concurrent duplicates still share one.
 *
 * `recordKey` names where failures are recorded (default: one record per attempt). Where the caller chooses part
 * of the key (a plan change's proration date), pass one record per object, so failed attempts cannot fill the store:
 * the record then holds only the last failed attempt. An attempt that finds the record naming another attempt may
 * have failed before (its record since overwritten), so its base key may hold a saved failure too: it goes out under
 * a key derived from the record's token rather than its base key.
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
  const record = recordOf(await store.get(recordKey));
  const key = record === null ? base : idempotencyKey(`${purpose}-retry`, base, record.token);
  try {
    return await run(key);
  } catch (error) {
    if (mayBeSaved(error)) {
      // The Stripe error is what the caller must see, even if the store fails too.
      const next = JSON.stringify({ attempt: base, token: randomUUID() } satisfies FailureRecord);
      await store.set(recordKey, next, savedResultMs).catch(() => undefined);
    }
    throw error;
  }
}
