import {
  type PostgresServer,
  type RedisServer,
  startPostgresServer,
  startRedisServer,
} from '@plankit/test-utils';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { storeOpeners } from '../src/store/cli-stores';
import { migratePostgres, PostgresSchemaError } from '../src/store/postgres-store';

/**
 * The stores a CLI command opens by flag (`plankit reconcile --redis-url / --postgres-url`), called in-process on a
 * real redis-server and PostgreSQL: what they connect to, how they fail, and that `close` lets go of the connection.
 */

let redisServer: RedisServer;
let postgresServer: PostgresServer;
let redis: ReturnType<typeof createClient>;
let pool: pg.Pool;

beforeAll(async () => {
  [redisServer, postgresServer] = await Promise.all([startRedisServer(), startPostgresServer()]);
  redis = createClient({ url: redisServer.url });
  await redis.connect();
  pool = new pg.Pool({ connectionString: postgresServer.url, max: 2 });
  pool.on('error', () => {});
}, 60_000);

afterAll(async () => {
  await redis?.close();
  await pool?.end();
  await Promise.all([redisServer?.stop(), postgresServer?.stop()]);
});

const open = (flag: string, url: string) => {
  const opener = storeOpeners[flag];
  if (!opener) throw new Error(`no opener for --${flag}`);
  return opener(url);
};

const redisClients = async () =>
  String(await redis.sendCommand(['CLIENT', 'LIST']))
    .trim()
    .split('\n').length;

function taggedPostgresUrl(name: string, database = 'postgres'): string {
  const url = new URL(postgresServer.url);
  url.pathname = `/${database}`;
  url.searchParams.set('application_name', name);
  return url.toString();
}

async function postgresConnections(name: string): Promise<number> {
  const { rows } = await pool.query(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [name],
  );
  return rows[0].n;
}

describe('the store flags', () => {
  test('are exactly --redis-url and --postgres-url', () => {
    expect(Object.keys(storeOpeners)).toEqual(['redis-url', 'postgres-url']);
  });
});

describe('--redis-url', () => {
  test('opens the Redis store at the URL; close lets go of the connection', async () => {
    const before = await redisClients();
    const opened = await open('redis-url', redisServer.url);
    expect(await redisClients()).toBe(before + 1);
    await opened.store.set('plankit:customer:u1', 'cus_1');
    expect(await redis.get('plankit:customer:u1')).toBe('cus_1');
    expect(await opened.store.get('plankit:customer:u1')).toBe('cus_1');
    await opened.close();
    await expect.poll(redisClients).toBe(before);
  });

  test('a command may take up to 5 s (a CLI pass is not a request to keep short)', async () => {
    const opened = await open('redis-url', redisServer.url);
    try {
      await opened.store.set('plankit:customer:slow', 'cus_slow');
      await redis.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
      const started = Date.now();
      expect(await opened.store.get('plankit:customer:slow')).toBe('cus_slow');
      expect(Date.now() - started).toBeGreaterThan(1000);
    } finally {
      await opened.close();
    }
  });

  test('a connection the server cuts fails the next command at once, reported without crashing the command', async () => {
    const opened = await open('redis-url', redisServer.url);
    try {
      await redis.sendCommand(['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await expect(opened.store.get('plankit:customer:u1')).rejects.toThrow(/closed/);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await opened.close().catch(() => undefined);
    }
  });

  test('an unreachable Redis fails at once instead of retrying forever', async () => {
    const started = Date.now();
    await expect(open('redis-url', 'redis://127.0.0.1:1')).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('--postgres-url', () => {
  test('opens the Postgres store of a migrated database; close ends its pool', async () => {
    await pool.query('CREATE DATABASE cli_migrated');
    const url = taggedPostgresUrl('plankit_cli_open', 'cli_migrated');
    const migrator = new pg.Client({ connectionString: url });
    await migrator.connect();
    await migratePostgres(migrator);
    await migrator.end();

    const opened = await open('postgres-url', url);
    await opened.store.set('plankit:customer:u1', 'cus_1');
    expect(await opened.store.get('plankit:customer:u1')).toBe('cus_1');
    expect(await postgresConnections('plankit_cli_open')).toBeGreaterThan(0);
    // The server cuts its idle connections (a restart, an idle timeout): the pool reports it and reconnects.
    await pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'plankit_cli_open'",
    );
    await expect.poll(() => postgresConnections('plankit_cli_open')).toBe(0);
    expect(await opened.store.get('plankit:customer:u1')).toBe('cus_1');
    await opened.close();
    await expect.poll(() => postgresConnections('plankit_cli_open')).toBe(0);
  });

  test('a database that was never migrated, or is behind, is refused, and the pool is ended', async () => {
    await expect(open('postgres-url', taggedPostgresUrl('plankit_cli_unmigrated'))).rejects.toBeInstanceOf(
      PostgresSchemaError,
    );
    // An older schema: the version query succeeds, so its connection went back to the pool, idle.
    await pool.query('CREATE DATABASE cli_behind');
    const url = taggedPostgresUrl('plankit_cli_behind', 'cli_behind');
    const migrator = new pg.Client({ connectionString: url });
    await migrator.connect();
    await migratePostgres(migrator);
    await migrator.query('UPDATE plankit_schema_version SET version = 0');
    await migrator.end();
    await expect(open('postgres-url', url)).rejects.toThrow(/schema is at version 0/);
    await expect.poll(() => postgresConnections('plankit_cli_behind')).toBe(0);
  });

  test('an unreachable database is refused', async () => {
    await expect(open('postgres-url', 'postgres://postgres@127.0.0.1:1/none')).rejects.toThrow(
      /ECONNREFUSED/,
    );
  });
});
