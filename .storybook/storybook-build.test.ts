import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anatomyOf, sourcesFrom } from '../packages/react/src/stories-support/anatomy';

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

/** The built site over HTTP (Storybook refuses file://). */
function serve(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const file = path.join(dir, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(dir) || !existsSync(file)) return response.writeHead(404).end();
    const type = /\.m?js$/.test(file) ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A component's parts as its source says (the same reading as the docs page's, from the files on disk). */
function partsInSource(entry: string): string[] {
  const components = path.join(root, 'packages/react/src/components');
  const files = Object.fromEntries(
    readdirSync(components, { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !/\.(stories|test)\.tsx?$/.test(file))
      .map((file) => [`../components/${file}`, readFileSync(path.join(components, file), 'utf8')]),
  );
  const css = readFileSync(path.join(root, 'packages/react/src/styles.css'), 'utf8');
  return anatomyOf(sourcesFrom(files, `../components/${entry}.tsx`), css).parts.map((part) => part.name);
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

  it("shows on each component's docs page the parts of its source", async () => {
    const server = await serve(out);
    const browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage();
      const { port } = server.address() as AddressInfo;
      for (const [id, entry] of [
        ['components-pricingtable--docs', 'pricing-table/pricing-table'],
        ['components-cancelwithreason--docs', 'cancel-with-reason/cancel-with-reason'],
      ] as const) {
        await page.goto(`http://127.0.0.1:${port}/iframe.html?viewMode=docs&id=${id}`);
        const rows = page.locator('[data-plankit-docs="anatomy"] tbody tr');
        await rows.first().waitFor({ timeout: 30_000 });
        const shown = await rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-part')));
        expect(shown, id).toEqual(partsInSource(entry));
        await expect(page.locator('[data-plankit-docs="anatomy"]').textContent()).resolves.toContain(
          '--plankit-color-text',
        );
      }
    } finally {
      await browser.close();
      server.close();
    }
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
