import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { describe, expect, test } from 'vitest';
import {
  createPostgresStore,
  migratePostgres,
  migrationSql,
  type PostgresClient,
  PostgresSchemaError,
  postgresSchemaVersion,
} from '../src/store/postgres-store';
import { usePostgresPool } from './postgres-pool';

/**
 * What the Postgres store does beyond the shared contract (store-contract.ts): schema, migration, sweep, SQL, on a
 * real PostgreSQL server (PGlite's own checks are in pglite-store.test.ts).
 */

let schemas = 0;
const fresh = () => `store_${++schemas}`;

const postgres = usePostgresPool({ max: 12 });

async function count(sql: string): Promise<number> {
  return Number((await postgres.pool.query(sql)).rows[0].n);
}

describe('the schema check and the migration', () => {
  test('the store refuses to start before the migration, and says how to run it', async () => {
    const schema = fresh();
    await expect(createPostgresStore(postgres.pool, { schema })).rejects.toBeInstanceOf(PostgresSchemaError);
    await expect(createPostgresStore(postgres.pool, { schema })).rejects.toMatchObject({
      name: 'PostgresSchemaError',
      message: `Plankit: the Postgres store's tables ("${schema}"."plankit_schema_version") do not exist. Run \`npx plankit migrate\` (or migratePostgres(db)) first.`,
    });
    await migratePostgres(postgres.pool, { schema });
    const store = await createPostgresStore(postgres.pool, { schema });
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');
  });

  test('the store refuses an older schema', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema });
    await postgres.pool.query(`UPDATE "${schema}"."plankit_schema_version" SET version = 0`);
    await expect(createPostgresStore(postgres.pool, { schema })).rejects.toThrow(
      new RegExp(`schema is at version 0, this Plankit needs ${postgresSchemaVersion}`),
    );
  });

  test('the schema check: an empty versions table is "none", a newer schema is accepted, other errors pass through', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema });
    const versions = `"${schema}"."plankit_schema_version"`;
    await postgres.pool.query(`DELETE FROM ${versions}`);
    await expect(createPostgresStore(postgres.pool, { schema })).rejects.toThrow(
      `Plankit: the Postgres store's schema is at version none, this Plankit needs ${postgresSchemaVersion}. Run \`npx plankit migrate\` (or migratePostgres(db)) first.`,
    );
    await postgres.pool.query(`INSERT INTO ${versions} (version) VALUES (${postgresSchemaVersion + 1})`);
    const store = await createPostgresStore(postgres.pool, { schema }); // a newer Plankit migrated it: still readable
    await store.set('k', 'v');
    expect(await store.get('k')).toBe('v');

    // Not a missing table: the database's own error, not a "run the migration" hint.
    const odd = fresh();
    await postgres.pool.query(`CREATE SCHEMA "${odd}"`);
    await postgres.pool.query(`CREATE TABLE "${odd}"."plankit_schema_version" (other text)`);
    const error = await createPostgresStore(postgres.pool, { schema: odd }).catch(
      (reason: unknown) => reason,
    );
    expect(error).not.toBeInstanceOf(PostgresSchemaError);
    expect(error).toMatchObject({ code: '42703' });
  });

  test('a client with exec (as PGlite has) gets the migration script through exec, in one call', async () => {
    const schema = fresh();
    const scripts: string[] = [];
    const queries: string[] = [];
    const client: PostgresClient = {
      query: (text, values) => {
        queries.push(text);
        return postgres.pool.query(text, values);
      },
      exec: async (text) => {
        scripts.push(text);
        return postgres.pool.query(text);
      },
    };
    await migratePostgres(client, { schema });
    expect(scripts).toEqual([migrationSql({ schema })]);
    expect(queries).toEqual([]);
    await createPostgresStore(postgres.pool, { schema });
  });

  test('the migration creates the expiry index the sweep uses', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema, tablePrefix: 'shop_' });
    const { rows } = await postgres.pool.query(
      'SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1',
      [schema],
    );
    expect(rows.map((row: { indexname: string }) => row.indexname).sort()).toEqual([
      'shop_schema_version_pkey',
      'shop_store_expires_at',
      'shop_store_pkey',
    ]);
    expect(
      rows.find((row: { indexname: string }) => row.indexname === 'shop_store_expires_at').indexdef,
    ).toMatch(/\(expires_at\) WHERE \(expires_at IS NOT NULL\)$/);
  });

  test('ten instances migrating at the same moment: all succeed, the work is done once', async () => {
    const schema = fresh();
    const pools = Array.from(
      { length: 10 },
      () => new pg.Pool({ connectionString: postgres.server.url, max: 1 }),
    );
    try {
      await Promise.all(pools.map((each) => migratePostgres(each, { schema })));
      await migratePostgres(postgres.pool, { schema }); // and again later: idempotent
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
    await migratePostgres(postgres.pool, { schema, tablePrefix: 'app_a_' });
    await migratePostgres(postgres.pool, { schema, tablePrefix: 'app_b_' });
    const a = await createPostgresStore(postgres.pool, { schema, tablePrefix: 'app_a_' });
    const b = await createPostgresStore(postgres.pool, { schema, tablePrefix: 'app_b_' });
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
    await migratePostgres(postgres.pool, { schema });
    const store = await createPostgresStore(postgres.pool, { schema });
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
    const { rows } = await postgres.pool.query(
      `SELECT customer_id, snapshot->>'plan' AS plan, version FROM "${schema}"."plankit_snapshots" ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      { customer_id: 'cus_1', plan: 'team', version: '2' },
      { customer_id: 'cus_2', plan: 'starter', version: '1' },
    ]);
  });

  test('expired rows are swept (on demand and every N writes); versions and live rows stay', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema });
    const store = await createPostgresStore(postgres.pool, { schema, sweepEveryWrites: 5 });
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

  test('automatic sweeps run every N writes, again after each sweep; never with 0; not before 1000 by default', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema });
    const rows = () => count(`SELECT count(*) AS n FROM "${schema}"."plankit_store"`);
    const expired = async (store: Awaited<ReturnType<typeof createPostgresStore>>, key: string) => {
      await store.set(key, 'v', 1);
      await sleep(20);
    };
    const store = await createPostgresStore(postgres.pool, { schema, sweepEveryWrites: 3 });
    for (const round of [1, 2]) {
      await expired(store, `short-${round}`); // write 1
      await store.set('kept', 'v'); // write 2
      await sleep(100); // time for a sweep that should not have started
      expect(await rows(), `round ${round}`).toBe(2);
      await store.set('kept', 'v'); // write 3: a sweep starts, without any further write
      await expect.poll(rows, { timeout: 3000 }).toBe(1);
    }

    for (const options of [{ sweepEveryWrites: 0 }, {}]) {
      const own = fresh();
      await migratePostgres(postgres.pool, { schema: own });
      const never = await createPostgresStore(postgres.pool, { schema: own, ...options });
      await expired(never, 'short');
      for (let index = 0; index < 3; index += 1) await never.set('kept', 'v');
      await sleep(100);
      expect(await count(`SELECT count(*) AS n FROM "${own}"."plankit_store"`), JSON.stringify(options)).toBe(
        2,
      );
      expect(await never.sweep()).toBe(1);
    }
  });

  test('snapshots past an expiry are not in the plankit_snapshots view', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema });
    const store = await createPostgresStore(postgres.pool, { schema });
    await store.set('plankit:snapshot:cus_short', '{"plan":"pro"}', 1_500);
    await store.set('plankit:snapshot:cus_kept', '{"plan":"team"}', 60_000);
    const view = async () =>
      (
        await postgres.pool.query(
          `SELECT customer_id FROM "${schema}"."plankit_snapshots" ORDER BY customer_id`,
        )
      ).rows;
    expect(await view()).toEqual([{ customer_id: 'cus_kept' }, { customer_id: 'cus_short' }]);
    await sleep(1_600);
    expect(await view()).toEqual([{ customer_id: 'cus_kept' }]);
  });

  test('bad arguments are refused before SQL runs: TTLs must be positive, versions safe integers', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema });
    const store = await createPostgresStore(postgres.pool, { schema });
    await expect(store.set('k', 'v', 0)).rejects.toThrow(RangeError);
    await expect(store.setIfAbsent('k', 'v', -1)).rejects.toThrow(RangeError);
    await expect(store.setIfNewer('k', 'v', 2 ** 60)).rejects.toThrow(RangeError);
    await expect(store.setIfNewer('k', 'v', 1.5)).rejects.toThrow(
      'Plankit: a snapshot version must be a safe integer, got 1.5.',
    );
    for (const ttl of [Number.NaN, Number.POSITIVE_INFINITY, -0.5]) {
      await expect(store.extendIfValue('k', 'v', ttl), String(ttl)).rejects.toThrow(
        `Plankit: a store TTL must be a positive number of ms, got ${ttl}.`,
      );
    }
    expect(await store.get('k')).toBeNull();
    await store.set('fraction', 'v', 0.2); // rounds up to 1 ms, as Redis's PX
  });

  test('a statement on a connection the server had cut (57P01) is sent once more; any other error is not', async () => {
    const schema = fresh();
    await migratePostgres(postgres.pool, { schema });
    // The real pool, with the next statement answered as a pooled connection the server has just cut answers it.
    let failNext: string | undefined;
    const sent: string[] = [];
    const client: PostgresClient = {
      query: (text, values) => {
        sent.push(text);
        const code = failNext;
        failNext = undefined;
        if (code) return Promise.reject(Object.assign(new Error('connection cut'), { code }));
        return postgres.pool.query(text, values);
      },
    };
    const store = await createPostgresStore(client, { schema });
    await store.set('k', 'v');
    sent.length = 0;
    failNext = '57P01'; // admin_shutdown: the statement never ran
    expect(await store.get('k')).toBe('v');
    expect(sent).toHaveLength(2);
    sent.length = 0;
    failNext = '40001'; // serialization_failure: the caller decides, so it is not sent again
    await expect(store.get('k')).rejects.toMatchObject({ code: '40001' });
    expect(sent).toHaveLength(1);
  });

  test('a database that goes away makes every operation fail, so Plankit fails closed', async () => {
    // Dropped with its connections cut: as a stopped server, without the seconds of starting one more.
    await postgres.pool.query('CREATE DATABASE going');
    const url = new URL(postgres.server.url);
    url.pathname = '/going';
    const ownPool = new pg.Pool({ connectionString: url.toString(), connectionTimeoutMillis: 1000 });
    ownPool.on('error', () => {});
    try {
      await migratePostgres(ownPool);
      const store = await createPostgresStore(ownPool);
      await store.set('k', 'v');
      await postgres.pool.query('DROP DATABASE going WITH (FORCE)');
      await expect(store.get('k')).rejects.toThrow();
      await expect(store.setIfAbsent('plankit:lease:x', 't', 1000)).rejects.toThrow();
      await expect(store.setIfNewer('plankit:snapshot:cus_1', '{}', 1)).rejects.toThrow();
    } finally {
      await ownPool.end().catch(() => undefined);
    }
  });
});
