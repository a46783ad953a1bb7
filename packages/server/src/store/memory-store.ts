import { isDurableKey, type PlankitStore } from './plankit-store';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Most cache keys kept; the oldest are dropped first beyond it (default 10 000). */
  maxEntries?: number;
  /**
   * Most durable keys kept (webhook event ids, leases, rate-limit counters, customer links, failed-attempt records;
   * default 100 000). They are never dropped
   * to make room: past this, writing one fails (the request answers 503 `store_unavailable`) until some expire.
   */
  maxDurableEntries?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** Thrown when the durable budget is full: failing closed beats forgetting an event id. */
export class MemoryStoreFullError extends Error {
  constructor(limit: number) {
    super(
      `Plankit: the memory store holds ${limit} durable keys (event ids, leases, counters, customer links, failure records) and is full.`,
    );
    this.name = 'MemoryStoreFullError';
  }
}

/**
 * A {@link PlankitStore} in this process's memory: TTLs honoured, size bounded. Caches and durable keys have
 * separate budgets, so a flood of cache writes (previews, declines) never pushes out a webhook dedupe key or a
 * lease: caches drop their oldest first, durable keys are refused when full.
 * Right for one instance; several instances need a shared store (for example `@plankit/server/redis`).
 */
export function createMemoryStore(
  options: MemoryStoreOptions = {},
): PlankitStore & { readonly size: number } {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxDurable = options.maxDurableEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const caches = new Map<string, Entry>();
  const durable = new Map<string, Entry>();
  const mapOf = (key: string) => (isDurableKey(key) ? durable : caches);
  // setIfNewer's versions: kept apart from the values so a delete never lets an older version back in.
  const versions = new Map<string, number>();

  function live(key: string): Entry | undefined {
    const entries = mapOf(key);
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function dropExpired(entries: Map<string, Entry>): void {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  }

  function put(key: string, value: string, ttlMs: number | undefined): void {
    const entries = mapOf(key);
    entries.delete(key); // re-insert so Map order stays oldest-first
    if (entries === durable && entries.size >= maxDurable) {
      dropExpired(entries);
      if (entries.size >= maxDurable) throw new MemoryStoreFullError(maxDurable);
    }
    entries.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
    while (caches.size > maxEntries) {
      const oldest = caches.keys().next().value;
      if (oldest === undefined) break;
      caches.delete(oldest);
    }
  }

  return {
    get size() {
      return caches.size + durable.size;
    },
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    async delete(key) {
      mapOf(key).delete(key);
    },
    async deleteIfValue(key, value) {
      if (live(key)?.value !== value) return false;
      mapOf(key).delete(key);
      return true;
    },
    async extendIfValue(key, value, ttlMs) {
      if (live(key)?.value !== value) return false;
      put(key, value, ttlMs);
      return true;
    },
    async increment(key, ttlMs) {
      const entry = live(key);
      if (entry) {
        entry.value = String(Number(entry.value) + 1);
        return Number(entry.value);
      }
      put(key, '1', ttlMs);
      return 1;
    },
    async setIfNewer(key, value, version) {
      if (version <= (versions.get(key) ?? Number.NEGATIVE_INFINITY)) return false;
      put(key, value, undefined);
      versions.set(key, version);
      return true;
    },
  };
}
