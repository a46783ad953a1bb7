import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type PostgresServer, startPostgresServer } from '@plankit/test-utils';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { migrateCommand } from '../src/store/migrate-command';
import { createPostgresStore } from '../src/store/postgres-store';

/** `plankit migrate`, run as a child process the way a developer or a deploy step runs it, on a real PostgreSQL. */

const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let server: PostgresServer;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startPostgresServer();
  pool = new pg.Pool({ connectionString: server.url });
  pool.on('error', () => {});
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

function plankit(args: string[], env: Record<string, string> = {}) {
  const { POSTGRES_URL: _postgres, DATABASE_URL: _database, ...rest } = process.env;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@plankit/source', '--import', tsxLoader, cliPath, ...args],
      { env: { ...rest, ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('plankit migrate', () => {
  test('--print prints the SQL without connecting anywhere', async () => {
    const result = await plankit(['migrate', '--print', '--schema', 'billing']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SELECT pg_advisory_xact_lock(');
    expect(result.stdout).toContain('CREATE TABLE IF NOT EXISTS "billing"."plankit_store"');
  }, 60_000);

  test('migrates the database of --postgres-url, then of POSTGRES_URL; the store starts after it', async () => {
    await expect(createPostgresStore(pool, { schema: 'cli_a' })).rejects.toThrow(/plankit migrate/);
    const first = await plankit(['migrate', '--postgres-url', server.url, '--schema', 'cli_a']);
    expect(first).toMatchObject({ code: 0, stdout: 'The Plankit store schema is up to date.\n' });
    expect(first.stdout).not.toContain(server.url);
    const store = await createPostgresStore(pool, { schema: 'cli_a' });
    await store.set('k', 'v');

    const again = await plankit(['migrate', '--schema', 'cli_a', '--table-prefix', 'shop_'], {
      POSTGRES_URL: server.url,
    });
    expect(again.code).toBe(0);
    await createPostgresStore(pool, { schema: 'cli_a', tablePrefix: 'shop_' });
    expect(await store.get('k')).toBe('v'); // the first prefix's data is untouched
  }, 60_000);

  test('DATABASE_URL is the fallback', async () => {
    const result = await plankit(['migrate', '--schema', 'cli_b'], { DATABASE_URL: server.url });
    expect(result.code).toBe(0);
    await createPostgresStore(pool, { schema: 'cli_b' });
  }, 60_000);

  test('exit 2 without a database or with a bad name; exit 1 when the database cannot be reached', async () => {
    const none = await migrateCommand(['--schema', 'x'], {});
    expect(none.code).toBe(2);
    expect(none.output).toMatch(/pass --postgres-url or set POSTGRES_URL/);
    const bad = await migrateCommand(['--print', '--schema', 'Robert"); DROP'], {});
    expect(bad).toMatchObject({ code: 2, output: expect.stringMatching(/must be lower-case letters/) });
    expect((await migrateCommand(['--frobnicate'], {})).code).toBe(2);
    const down = await migrateCommand([], { POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(down.code).toBe(1);
    expect(down.output).toMatch(/^The migration failed: /);
  });
});
