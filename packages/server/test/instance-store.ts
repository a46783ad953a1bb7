/**
 * The shared store of a test instance process (redis-instance.ts), from its environment: Postgres when
 * PLANKIT_POSTGRES_URL is set (both instances migrate at start-up, as a deploy would), else Redis at REDIS_URL.
 */

import type { PlankitStore } from '@plankit/server';
import { createPostgresStore, migratePostgres } from '@plankit/server/postgres';
import { createRedisStore } from '@plankit/server/redis';
import pg from 'pg';
import { createClient } from 'redis';

export async function storeFromEnv(): Promise<{ store: PlankitStore; close(): void }> {
  const postgresUrl = process.env.PLANKIT_POSTGRES_URL;
  if (postgresUrl) {
    const pool = new pg.Pool({ connectionString: postgresUrl, max: 10, connectionTimeoutMillis: 1000 });
    pool.on('error', () => {}); // a dropped idle connection is replaced; requests see failures through the store
    await migratePostgres(pool);
    return { store: await createPostgresStore(pool), close: () => void pool.end() };
  }
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('instance: REDIS_URL or PLANKIT_POSTGRES_URL is required');
  const redis = createClient({
    url,
    // Fail commands at once while disconnected, and try to reconnect quickly: the deployment the README advises.
    disableOfflineQueue: true,
    socket: { reconnectStrategy: 100, connectTimeout: 1000 },
  });
  redis.on('error', () => {}); // reconnect attempts report here; requests see the failures through the store
  await redis.connect();
  return { store: createRedisStore(redis, { timeoutMs: 500 }), close: () => redis.destroy() };
}
