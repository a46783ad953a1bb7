import type { PlankitStore } from './plankit-store';

/**
 * The options of Redis `SET` that the store uses, in node-redis (v5 and later) form:
 * `{ expiration: { type: 'PX', value } }` and `condition: 'NX'`.
 */
export interface RedisSetOptions {
  expiration?: { type: 'PX'; value: number };
  condition?: 'NX';
}

/**
 * The few commands {@link createRedisStore} needs. A node-redis client (`createClient()` from the `redis`
 * package, v5 or later) fits as is; any other client can be wrapped in an object of this shape.
 */
export interface RedisStoreClient {
  /** `GET key`: the value, or null when absent. */
  get(key: string): Promise<string | null>;
  /** `SET key value [NX] [PX ms]`: `'OK'` when stored, null when `NX` found the key present. */
  set(key: string, value: string, options?: RedisSetOptions): Promise<string | null>;
  /** `DEL key`: the number of keys removed. */
  del(key: string): Promise<number>;
}

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** Put before every key, so Plankit's keys stay apart from the app's in a shared Redis (default `plankit:`). */
  prefix?: string;
  /**
   * Longest wait for one command, in ms (default 1000). A slow or unreachable Redis then fails the request
   * (checkout answers 503 `store_unavailable`, webhooks 5xx) instead of holding it open.
   */
  timeoutMs?: number;
}

/** Thrown when a Redis command does not answer within `timeoutMs`. */
export class RedisStoreTimeoutError extends Error {
  constructor(command: string, timeoutMs: number) {
    super(`Plankit: Redis did not answer ${command} within ${timeoutMs} ms.`);
    this.name = 'RedisStoreTimeoutError';
  }
}

/** Redis wants a whole, positive number of milliseconds for PX. */
function pxValue(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`Plankit: a store TTL must be a positive number of ms, got ${ttlMs}.`);
  }
  return Math.max(1, Math.ceil(ttlMs));
}

/**
 * A {@link PlankitStore} in Redis, shared by every instance of the app: webhook event ids, the checkout lease,
 * the customer cache and the catalog cache then hold across instances. Each operation is one Redis command,
 * so nothing is read and then written: `setIfAbsent` is `SET key value NX PX ttl`, `set` with a TTL is
 * `SET key value PX ttl`.
 *
 * @example
 * import { createClient } from 'redis';
 * import { createRedisStore } from '@plankit/server/redis';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const billing = createPlankit({ ...options, store: createRedisStore(redis) });
 */
export function createRedisStore(client: RedisStoreClient, options: RedisStoreOptions = {}): PlankitStore {
  const prefix = options.prefix ?? 'plankit:';
  const timeoutMs = options.timeoutMs ?? 1000;

  // A command that never answers must not hold the request: fail it, and let the caller fail closed.
  async function bounded<T>(command: string, run: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RedisStoreTimeoutError(command, timeoutMs)), timeoutMs);
    });
    try {
      return await Promise.race([run(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async get(key) {
      return bounded('GET', () => client.get(prefix + key));
    },
    async set(key, value, ttlMs) {
      const options: RedisSetOptions | undefined =
        ttlMs === undefined ? undefined : { expiration: { type: 'PX', value: pxValue(ttlMs) } };
      await bounded('SET', () => client.set(prefix + key, value, options));
    },
    async setIfAbsent(key, value, ttlMs) {
      const options: RedisSetOptions = { expiration: { type: 'PX', value: pxValue(ttlMs) }, condition: 'NX' };
      return (await bounded('SET NX', () => client.set(prefix + key, value, options))) !== null;
    },
    async delete(key) {
      await bounded('DEL', () => client.del(prefix + key));
    },
  };
}
