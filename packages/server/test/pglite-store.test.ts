import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createPostgresStore, migratePostgres } from '../src/store/postgres-store';
import { postgresStores, storeContract } from './store-contract';

/**
 * The Postgres store on PGlite (Postgres compiled to WebAssembly, in this process): the shared contract in memory and
 * persisted to a folder, and data that survives a reopen. The same SQL runs on a real PostgreSQL server in
 * store-contract.test.ts and postgres-store.test.ts; this file stays out of mutation runs because each PGlite
 * start costs 5 to 15 seconds (vitest.mutate.config.ts).
 */

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

describe('PGlite persisted to a folder', () => {
  test('the data, and the versions of deleted snapshots, survive closing and reopening the database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plankit-pglite-'));
    try {
      const first = await PGlite.create(join(dir, 'data'));
      await migratePostgres(first);
      const store = await createPostgresStore(first);
      await store.set('plankit:customer:user_1', 'cus_1');
      await store.setIfNewer('plankit:snapshot:cus_1', '{"plan":"pro"}', 7);
      await store.setIfNewer('plankit:snapshot:cus_2', '{"plan":"team"}', 3);
      await store.delete('plankit:snapshot:cus_2');
      await first.close();

      const second = await PGlite.create(join(dir, 'data'));
      try {
        await migratePostgres(second); // a restart runs it again: nothing to do
        const reopened = await createPostgresStore(second);
        expect(await reopened.get('plankit:customer:user_1')).toBe('cus_1');
        expect(await reopened.get('plankit:snapshot:cus_1')).toBe('{"plan":"pro"}');
        expect(await reopened.setIfNewer('plankit:snapshot:cus_1', 'older', 6)).toBe(false);
        expect(await reopened.setIfNewer('plankit:snapshot:cus_2', 'older', 2)).toBe(false);
        expect(await reopened.get('plankit:snapshot:cus_2')).toBeNull();
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
