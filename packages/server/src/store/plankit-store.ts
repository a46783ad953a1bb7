/**
 * The small key-value seam Plankit keeps its shared state in: webhook event ids, the checkout lease,
 * the userId -> customerId cache and the catalog cache. It maps onto Redis `GET`, `SET PX`, `SET NX PX`
 * and `DEL`, so one store shared by every instance makes the dedupe and the lease hold across them.
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
}
