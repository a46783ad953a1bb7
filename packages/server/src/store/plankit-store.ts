/**
 * The small key-value seam Plankit keeps its shared state in: webhook event ids, the checkout lease,
 * the userId -> customerId cache and the catalog cache. It maps onto Redis `GET`, `SET PX`, `SET NX PX`, `DEL`
 * and two short compare-and-act scripts, so one store shared by every instance makes the dedupe and the lease
 * hold across them.
 */
export interface PlankitStore {
  /** The value, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /** Stores a value, replacing any previous one; it expires after `ttlMs` when given. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Stores the value only if the key is absent (atomically); true when it was stored. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Removes the key; removing an absent key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes the key only if it holds `value`, atomically (one step, not a read then a delete); true when removed.
   * Releases a lease without ever removing one that expired and was taken by another instance meanwhile.
   */
  deleteIfValue(key: string, value: string): Promise<boolean>;
  /**
   * Gives the key a new TTL of `ttlMs` only if it holds `value`, atomically; true when extended. Renews a lease
   * while its holder still works, so a slow Stripe call never outlives it.
   */
  extendIfValue(key: string, value: string, ttlMs: number): Promise<boolean>;
  /**
   * Adds one to a counter and answers the new count, atomically (Redis `INCR`); the TTL starts with the first
   * count; without `ttlMs` the counter never expires (sync versions). Rate limits count in it, so they hold across
   * instances. Optional for custom stores: without it Plankit reads then writes, which a burst of concurrent
   * requests can undercount.
   */
  increment?(key: string, ttlMs?: number): Promise<number>;
  /**
   * Stores `value` under `key` (no expiry) only if `version` is greater than the version of the last write that
   * this method made to the key, atomically; true when stored. The version is kept beside the value and outlives a
   * `delete`, so a slow fetch that started earlier can never overwrite a newer billing snapshot, on any instance.
   * `get` reads the value as usual.
   */
  setIfNewer(key: string, value: string, version: number): Promise<boolean>;
}

/**
 * Key prefixes a store must never drop to make room: webhook event ids (a dropped one lets a redelivery run the
 * callbacks twice), checkout leases, rate-limit counters, the userId -> customer link (written without expiry: a
 * dropped one loses the user's customer when `plankit_user_id` cannot be searched) and failed-attempt records (a
 * dropped one sends the next attempt out under a key whose saved failure Stripe replays for 24 h) and billing snapshots
 * (a dropped one costs a Stripe call on the next read, and lets a late, older fetch write) and the reconcile
 * watermark (a dropped one makes the next pass judge only what the dedupe records still cover). Everything else
 * Plankit keeps is a cache.
 */
export const durableKeyPrefixes = [
  'plankit:event:',
  'plankit:lease:',
  'plankit:count:',
  'plankit:customer:',
  'plankit:failed-attempts:',
  'plankit:snapshot:',
  'plankit:reconcile:',
] as const;

/** Whether a key holds state Plankit must not lose before its TTL (see {@link durableKeyPrefixes}). */
export function isDurableKey(key: string): boolean {
  return durableKeyPrefixes.some((prefix) => key.startsWith(prefix));
}
