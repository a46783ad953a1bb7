import type { PlankitStore } from './plankit-store';

/**
 * The options of Redis `SET` that the store uses, in node-redis (v5 and later) form:
 * `{ expiration: { type: 'PX', value } }` and `condition: 'NX'`.
 */
export interface RedisSetOptions {
  expiration?: { type: 'PX'; value: number };
  condition?: 'NX';
}

/** The arguments of Redis `EVAL` in node-redis form: `{ keys, arguments }`. */
export interface RedisEvalOptions {
  keys: string[];
  arguments: string[];
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
  /** `EVAL script numkeys key... arg...`: the script's reply (the store's scripts answer an integer). */
  eval(script: string, options: RedisEvalOptions): Promise<unknown>;
}

/** Deletes KEYS[1] only if it holds ARGV[1]: a lease is released by its holder only. */
export const deleteIfValueScript =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/** Sets the TTL of KEYS[1] to ARGV[2] ms only if it holds ARGV[1]: a lease is renewed by its holder only. */
export const extendIfValueScript =
  "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

/** INCR KEYS[1], giving it a TTL of ARGV[1] ms when the count starts: a rate-limit window. */
export const incrementScript =
  "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end return n";

/** INCR KEYS[1] with no TTL: a counter that never expires (sync versions). */
export const incrementForeverScript = "return redis.call('INCR', KEYS[1])";

/**
 * SET KEYS[1] to ARGV[1] only if ARGV[2] is greater than the version in KEYS[2], then store ARGV[2] there: a
 * versioned write. The version key outlives a DEL of the value, so an older write can never come back.
 */
export const setIfNewerScript =
  "local v = tonumber(redis.call('GET', KEYS[2]) or '-inf') if tonumber(ARGV[2]) > v then redis.call('SET', KEYS[1], ARGV[1]) redis.call('SET', KEYS[2], ARGV[2]) return 1 else return 0 end";

/**
 * Where setIfNewer keeps a key's version: a key in the same Redis Cluster hash slot as the value, so the script's two
 * keys never answer CROSSSLOT. A key without a hash tag is hashed whole, and `{key}` hashes exactly that; a key with a
 * tag keeps it, as the version key's first tag.
 */
export function versionKeyOf(fullKey: string): string {
  return fullKey.includes('{') ? `${fullKey}#version` : `{${fullKey}}#version`;
}

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /**
   * Put before every key (default none: Plankit's keys already start with `plankit:`). Set one per app or
   * environment when several share one Redis, e.g. `'shop-staging:'`.
   */
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
 * `SET key value PX ttl`, and the compare-and-act operations (`deleteIfValue`, `extendIfValue`, `increment`) are
 * one `EVAL` of a short Lua script each, which Redis runs atomically. Run Redis with `maxmemory-policy noeviction`
 * (or a `volatile-*` policy with room): an evicted event id lets a redelivered webhook run its callbacks twice.
 *
 * @example
 * import { createClient } from 'redis';
 * import { createRedisStore } from '@plankit/server/redis';
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const billing = createPlankit({ ...options, store: createRedisStore(redis) });
 */
export function createRedisStore(client: RedisStoreClient, options: RedisStoreOptions = {}): PlankitStore {
  const prefix = options.prefix ?? '';
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
    async deleteIfValue(key, value) {
      const reply = await bounded('EVAL', () =>
        client.eval(deleteIfValueScript, { keys: [prefix + key], arguments: [value] }),
      );
      return Number(reply) === 1;
    },
    async extendIfValue(key, value, ttlMs) {
      const px = String(pxValue(ttlMs));
      const reply = await bounded('EVAL', () =>
        client.eval(extendIfValueScript, { keys: [prefix + key], arguments: [value, px] }),
      );
      return Number(reply) === 1;
    },
    async increment(key, ttlMs) {
      const reply = await bounded('EVAL', () =>
        ttlMs === undefined
          ? client.eval(incrementForeverScript, { keys: [prefix + key], arguments: [] })
          : client.eval(incrementScript, { keys: [prefix + key], arguments: [String(pxValue(ttlMs))] }),
      );
      return Number(reply);
    },
    async setIfNewer(key, value, version) {
      if (!Number.isSafeInteger(version)) {
        throw new RangeError(`Plankit: a snapshot version must be a safe integer, got ${version}.`);
      }
      const reply = await bounded('EVAL', () =>
        client.eval(setIfNewerScript, {
          keys: [prefix + key, versionKeyOf(prefix + key)],
          arguments: [value, String(version)],
        }),
      );
      return Number(reply) === 1;
    },
  };
}
