/**
 * The SQL of the Postgres store: names, the versioned migration and the schema check. Kept apart from the store so
 * `plankit migrate --print` and a DBA can read (and run) exactly what the store expects.
 */

/** Where the store's tables live. */
export interface PostgresSchemaOptions {
  /** The Postgres schema (default `public`); created by the migration when it is not `public`. */
  schema?: string;
  /** Put before each table and view name (default `plankit_`), e.g. `shop_staging_` for one per environment. */
  tablePrefix?: string;
}

/** The schema version this code writes and reads. */
export const postgresSchemaVersion = 1;

/** The quoted, schema-qualified names of the store's objects. */
export interface PostgresNames {
  schema: string;
  /** The key-value table: every Plankit key is one row. */
  store: string;
  /** The one-row-per-applied-version table. */
  versions: string;
  /** A view of the billing snapshots, one row per customer, the JSON as `jsonb`. */
  snapshots: string;
  /** The expiry index (unqualified: an index lives in its table's schema). */
  expiryIndex: string;
  /** The advisory lock key the migration holds, derived from the names so two apps' migrations never wait on each other. */
  lockKey: number;
}

const identifier = /^[a-z_][a-z0-9_]{0,39}$/;

function checked(kind: string, value: string): string {
  if (!identifier.test(value)) {
    throw new RangeError(
      `Plankit: the Postgres ${kind} "${value}" must be lower-case letters, digits and _ (up to 40), starting with a letter or _.`,
    );
  }
  return value;
}

/** A stable 31-bit hash (FNV-1a): the same names give the same lock key in every process. */
function lockKeyOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash & 0x7fffffff;
}

/** Validates the options and answers the quoted names (identifiers are checked, never interpolated raw). */
export function postgresNames(options: PostgresSchemaOptions = {}): PostgresNames {
  const schema = checked('schema', options.schema ?? 'public');
  const prefix = options.tablePrefix === '' ? '' : checked('table prefix', options.tablePrefix ?? 'plankit_');
  const name = (table: string) => `"${schema}"."${prefix}${table}"`;
  return {
    schema: `"${schema}"`,
    store: name('store'),
    versions: name('schema_version'),
    snapshots: name('snapshots'),
    expiryIndex: `"${prefix}store_expires_at"`,
    lockKey: lockKeyOf(`plankit:${schema}.${prefix}`),
  };
}

/**
 * Each version's statements, applied once and in order. Version 1:
 * - one table for every key (mappings, snapshots, event ids, leases, counters, caches), because the store is a
 *   key-value seam and every operation is then one statement on one row; `value` NULL is a deleted key whose
 *   `version` (of `setIfNewer`) must outlive the delete;
 * - `expires_at` in ms since the epoch on the database's clock, so instances with skewed clocks agree;
 * - a view that makes the billing snapshots queryable by the app's own SQL.
 */
function migrations(names: PostgresNames): { version: number; statements: string[] }[] {
  const now = `(extract(epoch from statement_timestamp()) * 1000)::bigint`;
  return [
    {
      version: 1,
      statements: [
        `CREATE TABLE IF NOT EXISTS ${names.store} (
          key text PRIMARY KEY,
          value text,
          expires_at bigint,
          version bigint,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`,
        `CREATE INDEX IF NOT EXISTS ${names.expiryIndex} ON ${names.store} (expires_at) WHERE expires_at IS NOT NULL`,
        `CREATE OR REPLACE VIEW ${names.snapshots} AS
          SELECT substr(key, length('plankit:snapshot:') + 1) AS customer_id, value::jsonb AS snapshot, version, updated_at
          FROM ${names.store}
          WHERE key LIKE 'plankit:snapshot:%' AND value IS NOT NULL
            AND (expires_at IS NULL OR expires_at > ${now})`,
      ],
    },
  ];
}

/**
 * The whole migration as one script of several statements, which Postgres runs as one implicit transaction: an
 * advisory lock first (a second instance migrating at the same time waits, then finds the work done), then each
 * version not yet applied. Idempotent: running it again changes nothing.
 */
export function migrationSql(options: PostgresSchemaOptions = {}): string {
  const names = postgresNames(options);
  const steps = migrations(names).map(
    ({ version, statements }) => `DO $plankit$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM ${names.versions} WHERE version = ${version}) THEN
    ${statements.join(';\n    ')};
    INSERT INTO ${names.versions} (version) VALUES (${version});
  END IF;
END
$plankit$;`,
  );
  return [
    `-- Plankit store schema, version ${postgresSchemaVersion}. Safe to run again and from several instances at once.`,
    `SELECT pg_advisory_xact_lock(${names.lockKey});`,
    names.schema === '"public"' ? '' : `CREATE SCHEMA IF NOT EXISTS ${names.schema};`,
    `CREATE TABLE IF NOT EXISTS ${names.versions} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());`,
    ...steps,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The query answering the applied schema version (null when none). */
export function schemaVersionSql(names: PostgresNames): string {
  return `SELECT max(version) AS version FROM ${names.versions}`;
}
