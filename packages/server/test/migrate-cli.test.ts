import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createPostgresStore } from '../src/store/postgres-store';
import { usePostgresPool } from './postgres-pool';

/**
 * `plankit migrate` run as a child process, the way a developer or a deploy step runs it: the CLI's wiring (exit
 * codes, stdout and stderr). The command's own behaviour is tested in-process in migrate-command.test.ts.
 */

const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const postgres = usePostgresPool();

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

describe('plankit migrate (child process)', () => {
  test('--print prints the SQL on stdout without connecting anywhere', async () => {
    const result = await plankit(['migrate', '--print', '--schema', 'billing']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SELECT pg_advisory_xact_lock(');
    expect(result.stdout).toContain('CREATE TABLE IF NOT EXISTS "billing"."plankit_store"');
  }, 60_000);

  test('migrates the database of POSTGRES_URL (exit 0, stdout); a failure exits 1 on stderr', async () => {
    await expect(createPostgresStore(postgres.pool, { schema: 'cli_a' })).rejects.toThrow(/plankit migrate/);
    const done = await plankit(['migrate', '--schema', 'cli_a'], { POSTGRES_URL: postgres.server.url });
    expect(done).toMatchObject({ code: 0, stdout: 'The Plankit store schema is up to date.\n', stderr: '' });
    await createPostgresStore(postgres.pool, { schema: 'cli_a' });

    const down = await plankit(['migrate'], { POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/none' });
    expect(down).toMatchObject({ code: 1, stdout: '' });
    expect(down.stderr).toMatch(/^The migration failed: /);
  }, 60_000);
});
