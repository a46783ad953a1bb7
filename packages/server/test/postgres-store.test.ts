import { setTimeout as sleep } from 'node:timers/promises';
import { type PostgresServer, startPostgresServer } from '@plankit/test-utils';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createPostgresStore,
  migratePostgres,
  migrationSql,
  PostgresSchemaError,
  postgresSchemaVersion,
} from '../src/store/postgres-store';

/**
 * What the Postgres store does beyond the shared contract (store-contract.ts): schema, migration, sweep, SQL, on a
 * real PostgreSQL server (PGlite's own checks are in pglite-store.test.ts).
 */

let server: PostgresServer;
let pool: pg.Pool;
let schemas = 0;
const fresh = () => `store_${++schemas}`;

beforeAll(async () => {
  server = await startPostgresServer();
  pool = new pg.Pool({ connectionString: server.url, max: 12 });
  pool.on('error', () => {});
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

async function count(sql: string): Promise<number> {
  return Number((await pool.query(sql)).rows[0].n);
}

describe('the schema check and the migration', () => {
  test('the store refuses to start before the migration, and says how to run it', async () => {
    const schema = fresh();
    await expect(createPostgresStore(pool, { schema })).rejects.toBeInstanceOf(PostgresSchemaError);
    await expect(createPostgresStore(pool, { schema })).rejects.toThrow(
      /do not exist\. Run `npx plankit migrate`/,
    );
    await migratePostgres(pool, { schema });
    const store = await createPostgresStore(pool, { schema });
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });

  test('the store refuses an older schema', async () => {
    const schema = fresh();
    await migratePostgres(pool, { schema });
    await pool.query(`UPDATE "${schema}"."plankit_schema_version" SET version = 0`);
    await expect(createPostgresStore(pool, { schema })).rejects.toThrow(
      new RegExp(`schema is at version 0, this Plankit needs ${postgresSchemaVersion}`),
    );
  });

  test('ten instances migrating at the same moment: all succeed, the work is done once', async () => {
    const schema = fresh();
    const pools = Array.from({ length: 10 }, () => new pg.Pool({ connectionString: server.url, max: 1 }));
    try {
      await Promise.all(pools.map((each) => migratePostgres(each, { schema })));
      await migratePostgres(pool, { schema }); // and again later: idempotent
    } finally {
      await Promise.all(pools.map((each) => each.end()));
    }
    expect(await count(`SELECT count(*) AS n FROM "${schema}"."plankit_schema_version"`)).toBe(1);
    expect(
      await count(
        `SELECT count(*) AS n FROM pg_tables WHERE schemaname = '${schema}' AND tablename = 'plankit_store'`,
      ),
    ).toBe(1);
  });

  test('the migration is one script of plain SQL (what `plankit migrate --print` shows)', () => {
    const sql = migrationSql({ schema: 'billing', tablePrefix: 'shop_' });
    expect(sql).toMatch(/^SELECT pg_advisory_xact_lock\(\d+\);$/m);
    expect(sql).toContain('CREATE SCHEMA IF NOT EXISTS "billing";');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "billing"."shop_store"');
    expect(sql).toContain('CREATE OR REPLACE VIEW "billing"."shop_snapshots"');
    expect(migrationSql()).not.toContain('CREATE SCHEMA');
  });

  test('schema and table prefix keep two apps apart; names that are not plain identifiers are refused', async () => {
    const schema = fresh();
    await migratePostgres(pool, { schema, tablePrefix: 'app_a_' });
    await migratePostgres(pool, { schema, tablePrefix: 'app_b_' });
    const a = await createPostgresStore(pool, { schema, tablePrefix: 'app_a_' });
    const b = await createPostgresStore(pool, { schema, tablePrefix: 'app_b_' });
    await a.set('plankit:customer:u', 'cus_a');
    expect(await b.get('plankit:customer:u')).toBeNull();
    expect(await count(`SELECT count(*) AS n FROM "${schema}"."app_a_store"`)).toBe(1);
    expect(() => migrationSql({ schema: 'x"; DROP TABLE users; --' })).toThrow(RangeError);
    expect(() => migrationSql({ tablePrefix: 'Bad-Prefix' })).toThrow(RangeError);
  });
});

describe('the store in SQL', () => {
  test('billing snapshots are queryable by the app: one row per customer, the JSON as jsonb', async () => {
    const schema = fresh();
    await migratePostgres(pool, { schema });
    const store = await createPostgresStore(pool, { schema });
    await store.setIfNewer('plankit:snapshot:cus_1', JSON.stringify({ plan: 'pro', status: 'active' }), 1);
    await store.setIfNewer('plankit:snapshot:cus_1', JSON.stringify({ plan: 'team', status: 'active' }), 2);
    await store.setIfNewer(
      'plankit:snapshot:cus_2',
      JSON.stringify({ plan: 'starter', status: 'trialing' }),
      1,
    );
    await store.setIfNewer('plankit:snapshot:cus_3', JSON.stringify({ plan: 'pro', status: 'active' }), 1);
    await store.delete('plankit:snapshot:cus_3');
    await store.set('plankit:customer:user_1', 'cus_1');
    const { rows } = await pool.query(
      `SELECT customer_id, snapshot->>'plan' AS plan, version FROM "${schema}"."plankit_snapshots" ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      { customer_id: 'cus_1', plan: 'team', version: '2' },
      { customer_id: 'cus_2', plan: 'starter', version: '1' },
    ]);
  });

  test('expired rows are swept (on demand and every N writes); versions and live rows stay', async () => {
    const schema = fresh();
    await migratePostgres(pool, { schema });
    const store = await createPostgresStore(pool, { schema, sweepEveryWrites: 5 });
    const rows = () => count(`SELECT count(*) AS n FROM "${schema}"."plankit_store"`);
    await store.set('short-1', 'v', 50);
    await store.set('short-2', 'v', 50);
    await store.set('kept', 'v', 60_000);
    await store.setIfNewer('plankit:snapshot:cus_1', '{}', 1);
    await sleep(150);
    expect(await rows()).toBe(4); // expired but not yet swept: reads already see them as absent
    expect(await store.get('short-1')).toBeNull();
    expect(await store.sweep()).toBe(2);
    expect(await rows()).toBe(2);

    await store.set('short-3', 'v', 20);
    await sleep(100);
    // The 5th write since the last automatic sweep starts one in the background.
    await expect
      .poll(async () => {
        await store.set('kept', 'v', 60_000);
        return rows();
      })
      .toBe(2);
    expect(await store.get('plankit:snapshot:cus_1')).toBe('{}');
  });

  test('bad arguments are refused before SQL runs: TTLs must be positive, versions safe integers', async () => {
    const schema = fresh();
    await migratePostgres(pool, { schema });
    const store = await createPostgresStore(pool, { schema });
    await expect(store.set('k', 'v', 0)).rejects.toThrow(RangeError);
    await expect(store.setIfAbsent('k', 'v', -1)).rejects.toThrow(RangeError);
    await expect(store.setIfNewer('k', 'v', 2 ** 60)).rejects.toThrow(RangeError);
    await expect(store.setIfNewer('k', 'v', 1.5)).rejects.toThrow(RangeError);
    expect(await store.get('k')).toBeNull();
    await store.set('fraction', 'v', 0.2); // rounds up to 1 ms, as Redis's PX
  });

  test('a stopped database makes every operation fail, so Plankit fails closed', async () => {
    const own = await startPostgresServer();
    const ownPool = new pg.Pool({ connectionString: own.url, connectionTimeoutMillis: 1000 });
    ownPool.on('error', () => {});
    try {
      await migratePostgres(ownPool);
      const store = await createPostgresStore(ownPool);
      await store.set('k', 'v');
      await own.stop();
      await expect(store.get('k')).rejects.toThrow();
      await expect(store.setIfAbsent('plankit:lease:x', 't', 1000)).rejects.toThrow();
    } finally {
      await ownPool.end().catch(() => undefined);
      await own.stop();
    }
  }, 60_000);
});
