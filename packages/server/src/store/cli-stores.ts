import type { PlankitStore } from './plankit-store';
import { createPostgresStore } from './postgres-store';
import { createRedisStore } from './redis-store';

/** A store a CLI command opened, and how to let go of its connection. */
export interface OpenedStore {
  store: PlankitStore;
  close(): Promise<void>;
}

async function openRedis(url: string): Promise<OpenedStore> {
  // `redis` is an optional peer dependency: loaded only when asked for.
  const { createClient } = await import('redis').catch(() => {
    throw new Error('--redis-url needs the `redis` package (npm install redis).');
  });
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 5000, reconnectStrategy: false },
  });
  client.on('error', () => {}); // failures surface through the commands
  await client.connect();
  return {
    store: createRedisStore(client, { timeoutMs: 5000 }),
    close: async () => {
      await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<OpenedStore> {
  // `pg` is an optional peer dependency: loaded only when asked for.
  const { default: pg } = await import('pg').catch(() => {
    throw new Error('--postgres-url needs the `pg` package (npm install pg).');
  });
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => {}); // failures surface through the queries
  try {
    return { store: await createPostgresStore(pool), close: () => pool.end() };
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/**
 * The shared stores a CLI command can open, by flag (`--<flag> <url>`). The flags, the usage text and the
 * mutual exclusion all come from this table: another store is one entry.
 */
export const storeOpeners: Record<string, (url: string) => Promise<OpenedStore>> = {
  'redis-url': openRedis,
  'postgres-url': openPostgres,
};
