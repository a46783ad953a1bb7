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
}
