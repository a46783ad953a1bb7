import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const configDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(configDir, '..');
const run = promisify(execFile);

// Stripe secrets must never reach a static site: secret and restricted keys, webhook signing secrets.
// `rk_` alone appears in ordinary code (`mark_axe_start`), so it counts only where a token starts.
const secretPatterns = [/sk_test_/, /sk_live_/, /(?<![A-Za-z0-9_])rk_/, /whsec_/];

async function filesBelow(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('storybook build', () => {
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'plankit-storybook-'));
    await run(
      path.join(root, 'node_modules/.bin/storybook'),
      ['build', '-c', '.storybook', '-o', out, '--quiet', '--disable-telemetry'],
      { cwd: root, env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' }, maxBuffer: 64 * 1024 * 1024 },
    );
  }, 110_000);

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('writes a static site with the manager, the preview iframe and every component', async () => {
    expect(existsSync(path.join(out, 'index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'iframe.html'))).toBe(true);
    const index = JSON.parse(await readFile(path.join(out, 'index.json'), 'utf8')) as {
      entries: Record<string, { type: string; title: string }>;
    };
    const titles = new Set(Object.values(index.entries).map((entry) => entry.title));
    for (const component of [
      'PricingTable',
      'PlanSwitchConfirm',
      'CancelWithReason',
      'ManageSubscriptionButton',
      'UpdatePaymentMethodButton',
      'PastDueBanner',
    ]) {
      expect(titles).toContain(`Components/${component}`);
      // Its docs page (autodocs, with the anatomy section of stories-support/anatomy-docs.tsx).
      expect(index.entries[`components-${component.toLowerCase()}--docs`]?.type).toBe('docs');
    }
    expect(Object.values(index.entries).filter((entry) => entry.type === 'story').length).toBeGreaterThan(80);
  });

  it('contains no Stripe secret key, restricted key or webhook secret', async () => {
    const leaks: string[] = [];
    for (const file of await filesBelow(out)) {
      if (!/\.(html|js|mjs|css|json|map|txt)$/.test(file)) continue;
      const text = await readFile(file, 'utf8');
      for (const pattern of secretPatterns) {
        if (pattern.test(text)) leaks.push(`${path.relative(out, file)}: ${pattern}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
