import { launchChromium } from '@plankit/test-utils';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { PageControl } from './app';
import { startPageServer } from './page-server';

declare global {
  interface Window {
    cspViolations: string[];
    plankitTest: PageControl;
  }
}

/**
 * One Chromium and one page server for a test file; `open(scenario)` loads a scenario of app.tsx in a fresh
 * page. After each test, no page it opened may have broken the strict CSP (page-server.ts).
 */
export function useKitPage() {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startPageServer>>;
  let pages: Page[] = [];
  beforeAll(async () => {
    [browser, server] = await Promise.all([launchChromium(), startPageServer()]);
  }, 60_000);
  afterEach(async () => {
    const opened = pages;
    pages = [];
    const violations = await Promise.all(opened.map((page) => page.evaluate(() => window.cspViolations)));
    await Promise.all(opened.map((page) => page.close()));
    expect(violations.flat(), 'CSP violations').toEqual([]);
  });
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });
  return {
    async open(scenario: string, viewport = { width: 1024, height: 900 }): Promise<Page> {
      const page = await browser.newPage({ viewport });
      pages.push(page);
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}#${scenario}`);
      await page.waitForFunction(() => document.getElementById('root')?.childElementCount, null, {
        timeout: 5000,
      });
      expect(errors).toEqual([]);
      return page;
    },
  };
}

/** A node of Chromium's accessibility tree, with the nodes Chromium ignores left out (their children kept). */
export interface AxNode {
  role: string;
  name: string;
  description: string;
  properties: Record<string, unknown>;
  children: AxNode[];
}

interface RawAxNode {
  nodeId: string;
  ignored: boolean;
  role?: { value: string };
  name?: { value: string };
  description?: { value: string };
  properties?: { name: string; value: { value: unknown } }[];
  childIds?: string[];
}

/** The page's full accessibility tree as Chromium exposes it to assistive technology (CDP). */
export async function axTree(page: Page): Promise<AxNode> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: RawAxNode[] };
  await cdp.detach();
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const convert = (raw: RawAxNode): AxNode[] => {
    const children = (raw.childIds ?? []).flatMap((id) => {
      const child = byId.get(id);
      return child ? convert(child) : [];
    });
    if (raw.ignored) return children;
    return [
      {
        role: raw.role?.value ?? '',
        name: raw.name?.value ?? '',
        description: raw.description?.value ?? '',
        properties: Object.fromEntries((raw.properties ?? []).map((p) => [p.name, p.value.value])),
        children,
      },
    ];
  };
  return convert(nodes[0]!)[0]!;
}

/** Every node of the tree (depth first) matching role and, if given, the name. */
export function axFind(tree: AxNode, role: string, name?: string | RegExp): AxNode[] {
  const matches = (node: AxNode) =>
    node.role === role &&
    (name === undefined || (typeof name === 'string' ? node.name === name : name.test(node.name)));
  const walk = (node: AxNode): AxNode[] => [...(matches(node) ? [node] : []), ...node.children.flatMap(walk)];
  return walk(tree);
}

/** The one node matching role and name; fails when there is none or more than one. */
export function axOne(tree: AxNode, role: string, name?: string | RegExp): AxNode {
  const found = axFind(tree, role, name);
  expect(
    found.map((node) => `${node.role} "${node.name}"`),
    `one ${role} ${name ?? ''}`,
  ).toHaveLength(1);
  return found[0]!;
}

/** The text a screen reader reads inside a node: its static text, joined. */
export function axText(node: AxNode): string {
  if (node.role === 'StaticText') return node.name;
  return node.children.map(axText).join('');
}

/** The texts of the page's live regions (status, alert, aria-live) as the accessibility tree has them. */
export async function liveTexts(page: Page): Promise<string[]> {
  const walk = (node: AxNode): string[] =>
    node.properties.live && node.properties.live !== 'off' && node.role !== 'StaticText'
      ? [axText(node)]
      : node.children.flatMap(walk);
  return walk(await axTree(page));
}
