import type { PlankitStore } from './plankit-store';

/** Options of {@link createMemoryStore}. */
export interface MemoryStoreOptions {
  /** Most keys kept; the oldest are dropped first beyond it (default 10 000). */
  maxEntries?: number;
  /** Clock in ms, for tests. */
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * A {@link PlankitStore} in this process's memory: TTLs honoured, size bounded (oldest first out).
 * Right for one instance; several instances need a shared store (for example `@plankit/server/redis`).
 */
export function createMemoryStore(
  options: MemoryStoreOptions = {},
): PlankitStore & { readonly size: number } {
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  function put(key: string, value: string, ttlMs: number | undefined): void {
    entries.delete(key); // re-insert so Map order stays oldest-first
    entries.set(key, { value, expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : now() + ttlMs });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
  }

  return {
    get size() {
      return entries.size;
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
      entries.delete(key);
    },
    async deleteIfValue(key, value) {
      if (live(key)?.value !== value) return false;
      entries.delete(key);
      return true;
    },
    async extendIfValue(key, value, ttlMs) {
      if (live(key)?.value !== value) return false;
      put(key, value, ttlMs);
      return true;
    },
  };
}
