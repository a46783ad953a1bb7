import {
  type PostgresServer,
  type RedisServer,
  startPostgresServer,
  startRedisServer,
} from '@plankit/test-utils';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';
import { createRedisStore } from '../src/store/redis-store';
import { postgresStores, storeContract } from './store-contract';

/**
 * One contract, three stores on real servers: the memory store, redis-server and PostgreSQL (PGlite runs it in
 * pglite-store.test.ts).
 */

describe('memory store', () => {
  storeContract(async (count) => {
    const store = createMemoryStore();
    return { stores: Array.from({ length: count }, () => store), close: async () => {} };
  });
});

describe('Redis store on a real redis-server (one client per connection)', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  storeContract(async (count) => {
    const clients = await Promise.all(
      Array.from({ length: count }, () =>
        createClient({ url: server.url, disableOfflineQueue: true }).connect(),
      ),
    );
    await clients[0]!.flushAll();
    return {
      stores: clients.map((client) => createRedisStore(client)),
      close: async () => {
        await Promise.all(clients.map((client) => client.close()));
      },
    };
  });
});

describe('Postgres store on a real PostgreSQL server (a pool of 8 connections)', () => {
  let server: PostgresServer;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startPostgresServer();
    pool = new pg.Pool({ connectionString: server.url, max: 8 });
    pool.on('error', () => {}); // idle connections closed by the server's shutdown report here
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });
  storeContract(async (count) => ({ stores: await postgresStores(pool, count), close: async () => {} }));
});
