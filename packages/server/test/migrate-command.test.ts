import { describe, expect, test } from 'vitest';
import { migrateCommand } from '../src/store/migrate-command';
import { createPostgresStore, migrationSql } from '../src/store/postgres-store';
import { usePostgresPool } from './postgres-pool';

/**
 * `plankit migrate`'s command, called in-process on a real PostgreSQL (so mutation testing reaches it; the CLI's
 * wiring in a child process is in migrate-cli.test.ts).
 */

let schemas = 0;
const fresh = () => `migrate_${++schemas}`;

const postgres = usePostgresPool();

/** The server's URL with an application_name, so the command's own connections can be counted. */
function taggedUrl(name: string): string {
  const url = new URL(postgres.server.url);
  url.searchParams.set('application_name', name);
  return url.toString();
}

async function connectionsOf(name: string): Promise<number> {
  const { rows } = await postgres.pool.query(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1',
    [name],
  );
  return rows[0].n;
}

const unreachable = 'postgres://postgres@127.0.0.1:1/none';
const done = { code: 0, output: 'The Plankit store schema is up to date.' };

describe('plankit migrate, in-process', () => {
  test('--help and -h answer the usage; --print answers the SQL of the given names without connecting', async () => {
    for (const flag of ['--help', '-h']) {
      const help = await migrateCommand([flag], { POSTGRES_URL: unreachable });
      expect(help.code).toBe(0);
      expect(help.output).toMatch(/^Usage: plankit migrate \[options\]/);
      expect(help.output).toContain('--postgres-url <url>');
    }
    expect(await migrateCommand(['--print'], { POSTGRES_URL: unreachable })).toEqual({
      code: 0,
      output: migrationSql(),
    });
    const named = await migrateCommand(['--print', '--schema', 'billing', '--table-prefix', 'shop_'], {});
    expect(named).toEqual({ code: 0, output: migrationSql({ schema: 'billing', tablePrefix: 'shop_' }) });
    expect(named.output).toContain('CREATE TABLE IF NOT EXISTS "billing"."shop_store"');
    const unprefixed = await migrateCommand(['--print', '--table-prefix', ''], {});
    expect(unprefixed.output).toContain('CREATE TABLE IF NOT EXISTS "public"."store"');
  });

  test('migrates the database of --postgres-url, then closes its connection; the URL is never echoed', async () => {
    const schema = fresh();
    await expect(createPostgresStore(postgres.pool, { schema })).rejects.toThrow(/plankit migrate/);
    const url = taggedUrl('plankit_migrate_flag');
    const result = await migrateCommand(['--postgres-url', url, '--schema', schema], {
      POSTGRES_URL: unreachable,
    });
    expect(result).toEqual(done);
    const store = await createPostgresStore(postgres.pool, { schema });
    await store.set('k', 'v');
    await expect.poll(() => connectionsOf('plankit_migrate_flag')).toBe(0);

    // Again with a table prefix: a second set of tables beside the first, whose data stays.
    expect(
      await migrateCommand(['--schema', schema, '--table-prefix', 'shop_'], {
        POSTGRES_URL: postgres.server.url,
      }),
    ).toEqual(done);
    await createPostgresStore(postgres.pool, { schema, tablePrefix: 'shop_' });
    expect(await store.get('k')).toBe('v');
  });

  test('POSTGRES_URL comes before DATABASE_URL, which is the fallback', async () => {
    const first = fresh();
    expect(
      await migrateCommand(['--schema', first], {
        POSTGRES_URL: postgres.server.url,
        DATABASE_URL: unreachable,
      }),
    ).toEqual(done);
    await createPostgresStore(postgres.pool, { schema: first });
    const second = fresh();
    expect(await migrateCommand(['--schema', second], { DATABASE_URL: postgres.server.url })).toEqual(done);
    await createPostgresStore(postgres.pool, { schema: second });
  });

  test('exit 2 for a usage problem: no database, a bad name, an unknown option or a positional argument', async () => {
    expect(await migrateCommand(['--schema', 'x'], {})).toEqual({
      code: 2,
      output: 'No database: pass --postgres-url or set POSTGRES_URL (or DATABASE_URL).',
    });
    for (const args of [
      ['--print', '--schema', 'Robert"); DROP'],
      ['--schema', 'Robert"); DROP'],
      ['--print', '--table-prefix', 'Bad-Prefix'],
    ]) {
      const bad = await migrateCommand(args, { POSTGRES_URL: postgres.server.url });
      expect(bad.code, args.join(' ')).toBe(2);
      expect(bad.output).toMatch(
        /^Plankit: the Postgres (schema|table prefix) ".*" must be lower-case letters/,
      );
    }
    for (const args of [['--frobnicate'], ['now'], ['--schema']]) {
      const usage = await migrateCommand(args, { POSTGRES_URL: postgres.server.url });
      expect(usage.code, args.join(' ')).toBe(2);
      expect(usage.output).toMatch(/\n\nUsage: plankit migrate \[options\]/);
      expect(usage.output.split('\n\n')[0]).not.toBe('');
    }
  });

  test('exit 1 with the reason when the database cannot be reached or the migration fails', async () => {
    const down = await migrateCommand([], { POSTGRES_URL: unreachable });
    expect(down.code).toBe(1);
    expect(down.output).toMatch(/^The migration failed: .*ECONNREFUSED/);

    // A table of the same name that is not Plankit's: the migration's SQL fails after connecting.
    const schema = fresh();
    await postgres.pool.query(`CREATE SCHEMA "${schema}"`);
    await postgres.pool.query(`CREATE TABLE "${schema}"."plankit_schema_version" (other text)`);
    const url = taggedUrl('plankit_migrate_failing');
    const failed = await migrateCommand(['--schema', schema], { POSTGRES_URL: url });
    expect(failed).toEqual({
      code: 1,
      output: 'The migration failed: column "version" does not exist',
    });
    await expect.poll(() => connectionsOf('plankit_migrate_failing')).toBe(0);
  });
});
