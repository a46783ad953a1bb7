import { type PostgresServer, startPostgresServer } from '@plankit/test-utils';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

/**
 * A real PostgreSQL server for one test file and a pool on it: started before the file's tests, stopped after.
 * Read `server` and `pool` inside tests (they are set once `beforeAll` has run).
 */
export function usePostgresPool(options: { max?: number } = {}) {
  const postgres = {} as { server: PostgresServer; pool: pg.Pool };
  beforeAll(async () => {
    postgres.server = await startPostgresServer();
    postgres.pool = new pg.Pool({ connectionString: postgres.server.url, max: options.max ?? 10 });
    postgres.pool.on('error', () => {}); // idle connections closed by the server's shutdown report here
  }, 60_000);
  afterAll(async () => {
    await postgres.pool?.end();
    await postgres.server?.stop();
  });
  return postgres;
}
