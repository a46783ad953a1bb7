import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { demoStore, openPgliteStore } from '../server/demo-store';

describe('the demo store', () => {
  test('memory by default: no store given, createPlankit keeps its in-memory default', async () => {
    expect(await demoStore({})).toEqual({});
  });

  test('DEMO_STORE=pglite keeps Plankit state in a folder, and a restart finds it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plankit-demo-store-'));
    try {
      const { store } = await demoStore({ DEMO_STORE: 'pglite', DEMO_STORE_DIR: join(dir, 'env') });
      await store?.set('plankit:customer:demo-user', 'cus_env');
      expect(await store?.get('plankit:customer:demo-user')).toBe('cus_env');

      const first = await openPgliteStore(join(dir, 'restart'));
      await first.store.set('plankit:customer:demo-user', 'cus_demo');
      await first.store.setIfNewer('plankit:snapshot:cus_demo', '{"plan":"pro"}', 3);
      await first.close();
      const second = await openPgliteStore(join(dir, 'restart'));
      expect(await second.store.get('plankit:customer:demo-user')).toBe('cus_demo');
      expect(await second.store.setIfNewer('plankit:snapshot:cus_demo', '{}', 2)).toBe(false);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
