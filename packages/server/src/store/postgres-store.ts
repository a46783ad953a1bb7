import type { PlankitStore } from './plankit-store';
import {
  migrationSql,
  type PostgresNames,
  type PostgresSchemaOptions,
  postgresNames,
  postgresSchemaVersion,
  schemaVersionSql,
} from './postgres-schema';

export { migrationSql, type PostgresSchemaOptions, postgresSchemaVersion } from './postgres-schema';

/**
 * What the store needs of a database: `query(text, values)` answering `{ rows }`. A node-postgres `Pool` or
 * `Client` (the `pg` package) fits as is, and so does an `@electric-sql/pglite` instance. `exec`, when present
 * (PGlite has it), runs a script of several statements; without it the script goes through `query` without values,
 * which node-postgres sends as one simple query.
 */
export interface PostgresClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec?(text: string): Promise<unknown>;
}

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions extends PostgresSchemaOptions {
  /** Expired rows are deleted once every this many writes, in the background (default 1000; 0 never). */
  sweepEveryWrites?: number;
}

/** A {@link PlankitStore} in Postgres, plus the expired-row sweep for apps that prefer to run it on a schedule. */
export interface PostgresStore extends PlankitStore {
  /** Deletes the expired rows now; answers how many. */
  sweep(): Promise<number>;
}

/** Thrown by {@link createPostgresStore} when the store's tables are missing or older than this code. */
export class PostgresSchemaError extends Error {
  constructor(message: string) {
    super(`${message} Run \`npx plankit migrate\` (or migratePostgres(db)) first.`);
    this.name = 'PostgresSchemaError';
  }
}

/**
 * Creates (or brings up to date) the store's tables, in one transaction under an advisory lock: several instances
 * may run it at the same start-up. `plankit migrate --print` shows the same SQL.
 */
export async function migratePostgres(
  db: PostgresClient,
  options: PostgresSchemaOptions = {},
): Promise<void> {
  const script = migrationSql(options);
  await (db.exec ? db.exec(script) : db.query(script));
}

/** Postgres wants a whole, positive number of milliseconds, as Redis does for PX. */
function ttlValue(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`Plankit: a store TTL must be a positive number of ms, got ${ttlMs}.`);
  }
  return Math.max(1, Math.ceil(ttlMs));
}

/** The database's clock in ms: every instance measures expiry against the same clock. */
const now = '(extract(epoch from statement_timestamp()) * 1000)::bigint';
const live = (row: string) =>
  `${row}.value IS NOT NULL AND (${row}.expires_at IS NULL OR ${row}.expires_at > ${now})`;

/** One statement per operation, so each is atomic without a transaction spanning two round trips. */
function statements(table: string) {
  const upsert = `INSERT INTO ${table} AS s (key, value, expires_at) VALUES ($1, $2, ${now} + $3::bigint)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = now()`;
  // A row with a version keeps it (value NULL) so that an older setIfNewer never comes back; others go.
  const remove = (condition: string) => `WITH cleared AS (
      UPDATE ${table} AS s SET value = NULL, expires_at = NULL, updated_at = now()
      WHERE key = $1 AND version IS NOT NULL AND ${condition} RETURNING 1
    ), removed AS (
      DELETE FROM ${table} AS s WHERE key = $1 AND version IS NULL AND ${condition} RETURNING 1
    ) SELECT 1 FROM cleared UNION ALL SELECT 1 FROM removed`;
  return {
    get: `SELECT value FROM ${table} AS s WHERE key = $1 AND ${live('s')}`,
    set: upsert,
    // An expired or deleted row is taken over; a live one is left as it is and nothing is returned.
    setIfAbsent: `${upsert} WHERE NOT (${live('s')}) RETURNING 1`,
    delete: remove('true'),
    deleteIfValue: remove(`s.value = $2 AND ${live('s')}`),
    extendIfValue: `UPDATE ${table} AS s SET expires_at = ${now} + $3::bigint, updated_at = now()
      WHERE key = $1 AND s.value = $2 AND ${live('s')} RETURNING 1`,
    // The TTL starts with the first count (a live counter keeps its expiry); NULL TTL: never expires.
    increment: `INSERT INTO ${table} AS s (key, value, expires_at) VALUES ($1, '1', ${now} + $2::bigint)
      ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN ${live('s')} THEN (s.value::bigint + 1)::text ELSE '1' END,
        expires_at = CASE WHEN ${live('s')} THEN s.expires_at ELSE excluded.expires_at END,
        updated_at = now()
      RETURNING value`,
    setIfNewer: `INSERT INTO ${table} AS s (key, value, version) VALUES ($1, $2, $3::bigint)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = NULL, version = excluded.version, updated_at = now()
      WHERE s.version IS NULL OR s.version < excluded.version
      RETURNING 1`,
    sweep: `WITH swept AS (DELETE FROM ${table} WHERE version IS NULL AND expires_at <= ${now} RETURNING 1)
      SELECT count(*)::int AS n FROM swept`,
  };
}

async function checkSchema(db: PostgresClient, names: PostgresNames): Promise<void> {
  let version: number | null;
  try {
    const { rows } = await db.query(schemaVersionSql(names));
    const found = (rows[0] as { version: number | string | null } | undefined)?.version ?? null;
    version = found === null ? null : Number(found);
  } catch (error) {
    // 42P01 undefined_table, 3F000 invalid_schema_name: never migrated.
    const code = (error as { code?: string }).code;
    if (code === '42P01' || code === '3F000') {
      throw new PostgresSchemaError(`Plankit: the Postgres store's tables (${names.versions}) do not exist.`);
    }
    throw error;
  }
  if (version === null || version < postgresSchemaVersion) {
    throw new PostgresSchemaError(
      `Plankit: the Postgres store's schema is at version ${version ?? 'none'}, this Plankit needs ${postgresSchemaVersion}.`,
    );
  }
}

/**
 * A {@link PlankitStore} in Postgres, shared by every instance: customer links, billing snapshots (queryable through
 * the `plankit_snapshots` view), webhook event ids, checkout leases (rows with an expiry) and rate-limit counters.
 * Every operation is one SQL statement on one row, so compare-and-act steps are atomic without locks held across
 * round trips; expiry is checked on read against the database's clock, and expired rows are swept now and then.
 * Resolves once the schema is checked: it refuses to start when the migration has not run.
 *
 * @example
 * import pg from 'pg';
 * import { createPostgresStore } from '@plankit/server/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const billing = createPlankit({ ...options, store: await createPostgresStore(pool) });
 */
export async function createPostgresStore(
  db: PostgresClient,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const names = postgresNames(options);
  await checkSchema(db, names);
  const sql = statements(names.store);
  const sweepEvery = options.sweepEveryWrites ?? 1000;
  let writes = 0;
  let sweeping = false;

  // A pool may hand out an idle connection the server has just cut (a restart, an idle timeout) before it has read
  // the server's notice: the statement was never run (57P01, admin_shutdown), so it is sent once more, on the fresh
  // connection the pool then opens.
  const rows = async (text: string, values: unknown[]) => {
    try {
      return (await db.query(text, values)).rows;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '57P01') throw error;
      return (await db.query(text, values)).rows;
    }
  };
  const sweep = async () => Number(((await rows(sql.sweep, [])) as { n: number }[])[0]?.n ?? 0);

  // Writes count towards the next sweep, which runs in the background: a failed sweep only leaves rows longer.
  function wrote(): void {
    if (sweepEvery <= 0 || ++writes < sweepEvery || sweeping) return;
    writes = 0;
    sweeping = true;
    sweep()
      .catch(() => undefined)
      .finally(() => {
        sweeping = false;
      });
  }
  async function write(text: string, values: unknown[]): Promise<unknown[]> {
    const result = await rows(text, values);
    wrote();
    return result;
  }

  return {
    sweep,
    async get(key) {
      const [row] = (await rows(sql.get, [key])) as { value: string }[];
      return row?.value ?? null;
    },
    async set(key, value, ttlMs) {
      await write(sql.set, [key, value, ttlMs === undefined ? null : ttlValue(ttlMs)]);
    },
    async setIfAbsent(key, value, ttlMs) {
      return (await write(sql.setIfAbsent, [key, value, ttlValue(ttlMs)])).length > 0;
    },
    async delete(key) {
      await write(sql.delete, [key]);
    },
    async deleteIfValue(key, value) {
      return (await write(sql.deleteIfValue, [key, value])).length > 0;
    },
    async extendIfValue(key, value, ttlMs) {
      return (await write(sql.extendIfValue, [key, value, ttlValue(ttlMs)])).length > 0;
    },
    async increment(key, ttlMs) {
      const [row] = (await write(sql.increment, [key, ttlMs === undefined ? null : ttlValue(ttlMs)])) as {
        value: string;
      }[];
      return Number(row?.value);
    },
    async setIfNewer(key, value, version) {
      if (!Number.isSafeInteger(version)) {
        throw new RangeError(`Plankit: a snapshot version must be a safe integer, got ${version}.`);
      }
      return (await write(sql.setIfNewer, [key, value, version])).length > 0;
    },
  };
}
