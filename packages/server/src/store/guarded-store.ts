import { PlankitError } from '../http/plankit-error';
import type { Logger } from '../logger';
import type { PlankitStore } from './plankit-store';

/**
 * Wraps a store so any failure becomes `store_unavailable` (503): Plankit fails closed when it cannot
 * remember leases, event ids or mappings, rather than risking a duplicate subscription or event.
 */
export function guardStore(store: PlankitStore, logger: Logger): PlankitStore {
  async function guarded<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      logger.error(`Plankit: the store failed during ${operation}`, error);
      throw new PlankitError('store_unavailable', { headers: { 'retry-after': '2' } });
    }
  }
  return {
    get: (key) => guarded('get', () => store.get(key)),
    set: (key, value, ttlMs) => guarded('set', () => store.set(key, value, ttlMs)),
    setIfAbsent: (key, value, ttlMs) => guarded('setIfAbsent', () => store.setIfAbsent(key, value, ttlMs)),
    delete: (key) => guarded('delete', () => store.delete(key)),
    deleteIfValue: (key, value) => guarded('deleteIfValue', () => store.deleteIfValue(key, value)),
    extendIfValue: (key, value, ttlMs) =>
      guarded('extendIfValue', () => store.extendIfValue(key, value, ttlMs)),
  };
}
