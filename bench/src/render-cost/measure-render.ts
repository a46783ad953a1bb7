import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Catalog } from '@plankit/core';
import { launchChromium } from '@plankit/test-utils';
import { build } from 'esbuild';
import { round } from '../bundle-size';
import { benchCatalogs } from './catalogs';

export interface RenderCase {
  plans: number;
  /** Elements in the rendered table (the same for both variants, checked). */
  elements: number;
  reactMedianMs: number;
  staticMedianMs: number;
  /** The part before style and layout: React's render and commit, or the HTML parser. */
  reactDomMedianMs: number;
  staticDomMedianMs: number;
  /** React's median over static markup's median (goal <= 1.5). */
  ratio: number;
  samples: number;
}

export interface RenderReport {
  browser: string;
  crossOriginIsolated: boolean;
  warmup: number;
  cases: RenderCase[];
}

interface PageBench {
  react(catalog: Catalog, keep: boolean): [[number, number], number, string];
  static(markup: string): [[number, number], number];
  clear(): void;
}

/** The page bundle: React production build, @plankit/react from source, minified. */
async function pageScript(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('render-page.tsx', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    conditions: ['@plankit/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * PricingTable with 3 and 20 plans in the system Chromium against the same DOM as static markup, same page, same
 * run, interleaved. The page is served from loopback with COOP/COEP so `performance.now()` has its fine resolution.
 */
export async function measureRender(
  options: { samples?: number; warmup?: number } = {},
): Promise<RenderReport> {
  const samples = options.samples ?? 40;
  const warmup = options.warmup ?? 10;
  const catalogs = await benchCatalogs();
  const css = readFileSync(new URL('../../../packages/react/src/styles.css', import.meta.url), 'utf8');
  const script = await pageScript();
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>render bench</title><style>${css}</style></head><body><script>${script.replaceAll('</script', '<\\/script')}</script></body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    const cases: RenderCase[] = [];
    for (const size of ['3', '20'] as const) {
      const catalog = catalogs[size];
      const result = await page.evaluate(
        ({ catalog, samples, warmup }) => {
          const bench = (window as unknown as { plankitBench: PageBench }).plankitBench;
          const [, elements, markup] = bench.react(catalog, true);
          for (let i = 0; i < warmup; i++) {
            bench.react(catalog, false);
            bench.static(markup);
          }
          const react: Array<[number, number]> = [];
          const statics: Array<[number, number]> = [];
          for (let i = 0; i < samples; i++) {
            // Alternate which goes first, so neither always runs right after a GC or layout of the other.
            if (i % 2) {
              react.push(bench.react(catalog, false)[0]);
              statics.push(bench.static(markup)[0]);
            } else {
              statics.push(bench.static(markup)[0]);
              react.push(bench.react(catalog, false)[0]);
            }
            bench.clear();
          }
          return { elements, staticElements: bench.static(markup)[1], react, statics };
        },
        { catalog, samples, warmup },
      );
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
      if (result.elements !== result.staticElements || result.elements === 0) {
        throw new Error(`DOM mismatch: React ${result.elements} elements, static ${result.staticElements}`);
      }
      const reactMedianMs = median(result.react.map(([total]) => total));
      const staticMedianMs = median(result.statics.map(([total]) => total));
      cases.push({
        plans: catalog.plans.length,
        elements: result.elements,
        reactMedianMs: round(reactMedianMs, 3),
        staticMedianMs: round(staticMedianMs, 3),
        reactDomMedianMs: round(median(result.react.map(([, dom]) => dom)), 3),
        staticDomMedianMs: round(median(result.statics.map(([, dom]) => dom)), 3),
        ratio: round(reactMedianMs / staticMedianMs, 2),
        samples,
      });
    }
    return { browser: `Chromium ${browser.version()}`, crossOriginIsolated: isolated, warmup, cases };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
