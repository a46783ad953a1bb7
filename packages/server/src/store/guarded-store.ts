import { PlankitError } from '../http/plankit-error';
import type { Logger } from '../logger';
import type { PlankitStore } from './plankit-store';

/**
 * Wraps a store so any failure becomes `store_unavailable` (503): Plankit fails closed when it cannot
 * remember leases, event ids or mappings, rather than risking a duplicate subscription or event.
 */
export function guardStore(store: PlankitStore, logger: Logger): PlankitStore {
  function failed(operation: string, error: unknown): PlankitError {
    logger.error(`Plankit: the store failed during ${operation}`, error);
    return new PlankitError('store_unavailable', { headers: { 'retry-after': '2' } });
  }
  // Not an async function: a warm GET /plans reads the store twice, and each extra await is a microtask hop.
  function guarded<T>(operation: string, run: () => Promise<T>): Promise<T> {
    let pending: Promise<T>;
    try {
      pending = run();
    } catch (error) {
      return Promise.reject(failed(operation, error));
    }
    return Promise.resolve(pending).catch((error: unknown) => {
      throw failed(operation, error);
    });
  }
  return {
    get: (key) => guarded('get', () => store.get(key)),
    set: (key, value, ttlMs) => guarded('set', () => store.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => guarded('setIfAbsent', () => store.setIfAbsent(key, value, ttlMs)),
    delete: (key) => guarded('delete', () => store.delete(key)),
    deleteIfValue: (key, value) => guarded('deleteIfValue', () => store.deleteIfValue(key, value)),
    extendIfValue: (key, value, ttlMs) =>
      guarded('extendIfValue', () => store.extendIfValue(key, value, ttlMs)),
    increment: (key, ttlMs) =>
      guarded('increment', async () => {
        if (store.increment) return store.increment(key, ttlMs);
        // Not atomic: concurrent requests may read the same count (documented on PlankitStore.increment).
        const count = Number((await store.get(key)) ?? '0') + 1;
        await store.set(key, String(count), ttlMs);
        return count;
      }),
    setIfNewer: (key, value, version) => guarded('setIfNewer', () => store.setIfNewer(key, value, version)),
  };
}
