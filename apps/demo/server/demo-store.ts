import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PlankitStore } from '@plankit/server';
import { createPostgresStore, migratePostgres } from '@plankit/server/postgres';

/** Opens (creating or migrating as needed) the PGlite database in `dir`; `close` before another process opens it. */
export async function openPgliteStore(dir: string): Promise<{ store: PlankitStore; close(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  // Loaded only when asked for: PGlite's WebAssembly costs start-up time the default demo does not pay.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(dir);
  await migratePostgres(db);
  return { store: await createPostgresStore(db), close: () => db.close() };
}

/**
 * Where the demo keeps Plankit's state: in memory by default (gone on restart), or with `DEMO_STORE=pglite` in an
 * embedded PGlite database under `DEMO_STORE_DIR` (default `apps/demo/.data/pglite`, gitignored), so customer links
 * and snapshots survive a restart. Meant for Stripe test mode: the emulator's own state is in memory.
 */
export async function demoStore(env: NodeJS.ProcessEnv = process.env): Promise<{ store?: PlankitStore }> {
  if (env.DEMO_STORE !== 'pglite') return {};
  const dir = resolve(env.DEMO_STORE_DIR ?? new URL('../.data/pglite', import.meta.url).pathname);
  const { store } = await openPgliteStore(dir);
  console.info(`[demo] Plankit state in PGlite at ${dir}`);
  return { store };
}
