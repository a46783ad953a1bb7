import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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
import { createPostgresStore, migratePostgres, type PostgresClient } from '../src/store/postgres-store';
import { createRedisStore } from '../src/store/redis-store';
import { storeContract } from './store-contract';

/** One contract, four stores on real servers: the memory store, redis-server, PostgreSQL and PGlite. */

let schemas = 0;
/** A fresh schema per test on one database: the store's `schema` option isolates them. */
async function postgresStores(db: PostgresClient, count: number) {
  const schema = `contract_${++schemas}`;
  await migratePostgres(db, { schema });
  const store = await createPostgresStore(db, { schema });
  return Array.from({ length: count }, () => store);
}

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

describe('Postgres store on PGlite, in memory', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  storeContract(async (count) => ({ stores: await postgresStores(db, count), close: async () => {} }));
});

describe('Postgres store on PGlite, persisted to a folder', () => {
  let db: PGlite;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plankit-pglite-'));
    db = await PGlite.create(join(dir, 'data'));
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  storeContract(async (count) => ({ stores: await postgresStores(db, count), close: async () => {} }));
});
