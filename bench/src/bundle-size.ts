import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The app ships these anyway (they are peer dependencies of every kit measured), so no bundle counts them. */
export const externalPeers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'];

/** One app entry to bundle: what a page imports from a kit. */
export interface BundleEntry {
  id: string;
  /** Which kit: `plankit` or a peer's package name. */
  kit: string;
  label: string;
  /** The module source of the app entry. */
  contents: string;
  /**
   * `pricing-ui`: a pricing page with the kit's own components; `pricing-headless`: the provider/client and hooks a
   * hand-built pricing page needs. Both are pricing pages, the basis of the peer comparison.
   */
  kind: EntryKind;
}

export type EntryKind = 'pricing-ui' | 'pricing-headless' | 'component' | 'package' | 'plugin-only';

export interface BundleSize {
  id: string;
  kit: string;
  label: string;
  kind: EntryKind;
  /** Bytes of minified JavaScript. */
  minified: number;
  /** Bytes of that JavaScript gzipped at level 9. */
  gzipped: number;
  /** Package versions bundled (from each input's nearest package.json), e.g. `autumn-js@1.3.13`. */
  packages: string[];
  /** Bare imports left external (must be only the peers above). */
  externalImports: string[];
}

const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** The installed version of a devDependency of bench/ (for the report). */
export function installedVersion(name: string): string {
  // Read the file directly: some packages do not export ./package.json.
  const manifest = JSON.parse(readFileSync(`${benchDir}node_modules/${name}/package.json`, 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Plankit's entries: each component alone with the provider, and the whole package. Read from `src/`. */
export const plankitEntries: BundleEntry[] = [
  {
    id: 'plankit-pricing-table',
    kit: 'plankit',
    label: 'PricingTable + PlankitProvider',
    contents: `export { PlankitProvider, PricingTable } from '@plankit/react';`,
    kind: 'pricing-ui',
  },
  {
    id: 'plankit-manage-subscription-button',
    kit: 'plankit',
    label: 'ManageSubscriptionButton + PlankitProvider',
    contents: `export { PlankitProvider, ManageSubscriptionButton } from '@plankit/react';`,
    kind: 'component',
  },
  {
    id: 'plankit-plan-switch-confirm',
    kit: 'plankit',
    label: 'PlanSwitchConfirm + PlankitProvider',
    contents: `export { PlankitProvider, PlanSwitchConfirm } from '@plankit/react';`,
    kind: 'component',
  },
  {
    id: 'plankit-cancel-with-reason',
    kit: 'plankit',
    label: 'CancelWithReason + PlankitProvider',
    contents: `export { PlankitProvider, CancelWithReason } from '@plankit/react';`,
    kind: 'component',
  },
  {
    id: 'plankit-headless-pricing',
    kit: 'plankit',
    label: 'PlankitProvider + usePlans + useCheckout (headless pricing page)',
    contents: `export { PlankitProvider, usePlans, useCheckout } from '@plankit/react';`,
    kind: 'pricing-headless',
  },
  {
    id: 'plankit-whole-package',
    kit: 'plankit',
    label: 'whole package (export *)',
    contents: `export * from '@plankit/react';`,
    kind: 'package',
  },
];

/**
 * The nearest peers, installed as devDependencies of bench/ only. Each entry imports what a pricing page needs:
 * a provider or client, the plans and a way to start checkout.
 */
export const peerEntries: BundleEntry[] = [
  {
    id: 'autumn-js-react-hooks',
    kit: 'autumn-js',
    label:
      'autumn-js/react (latest): AutumnProvider, useListPlans, useCustomer (hooks; 1.x ships no components)',
    contents: `export { AutumnProvider, useListPlans, useCustomer } from 'autumn-js/react';`,
    kind: 'pricing-headless',
  },
  {
    id: 'autumn-js-v0-pricing-table',
    kit: 'autumn-js-v0',
    label:
      'autumn-js/react 0.1 (last with components): AutumnProvider, PricingTable, usePricingTable, useCustomer',
    contents: `export { AutumnProvider, PricingTable, usePricingTable, useCustomer } from 'autumn-js-v0/react';`,
    kind: 'pricing-ui',
  },
  {
    id: 'better-auth-stripe-client',
    kit: '@better-auth/stripe',
    label:
      'better-auth/react createAuthClient + stripeClient plugin (subscription.upgrade, list, billingPortal)',
    contents: [
      `import { createAuthClient } from 'better-auth/react';`,
      `import { stripeClient } from '@better-auth/stripe/client';`,
      `export const authClient = createAuthClient({ plugins: [stripeClient({ subscription: true })] });`,
    ].join('\n'),
    kind: 'pricing-headless',
  },
  {
    id: 'better-auth-stripe-plugin-only',
    kit: '@better-auth/stripe',
    label: 'stripeClient plugin alone (its marginal cost when the app already ships the better-auth client)',
    contents: `export { stripeClient } from '@better-auth/stripe/client';`,
    kind: 'plugin-only',
  },
];

/** The package a resolved input path belongs to, as `name@version`, or null for workspace sources. */
function packageOf(input: string): string | null {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) return null;
  const rest = input.slice(at + marker.length).split('/');
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (!name) return null;
  const root = input.slice(0, at + marker.length) + name;
  try {
    const manifest = JSON.parse(readFileSync(`${benchDir}${root}/package.json`, 'utf8')) as {
      version: string;
    };
    return `${name}@${manifest.version}`;
  } catch {
    return name;
  }
}

/** React itself: external in every measurement. */
export const reactOnly = ['react', 'react-dom', 'react/jsx-runtime'];

/**
 * Bundles one app entry the way an app's production build would (esbuild, browser, ESM, minified,
 * NODE_ENV=production, `external` left out) and measures the JavaScript. Workspace packages resolve to their
 * sources through the `@plankit/source` condition, so no build is needed; tsup's output is the same code.
 */
export async function measureEntry(
  entry: BundleEntry,
  external: string[] = externalPeers,
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: entry.contents, resolveDir: benchDir, loader: 'ts', sourcefile: `${entry.id}.ts` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    metafile: true,
    outdir: `${benchDir}results/tmp`,
    external,
    conditions: ['@plankit/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // CSS imported by a peer's component goes to a separate file and is not counted (ours is opt-in too).
    loader: { '.css': 'css' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.filter((file) => file.path.endsWith('.js'));
  const code = js.map((file) => file.text).join('\n');
  const outputs = Object.entries(result.metafile.outputs).filter(([path]) => path.endsWith('.js'));
  // Only inputs that left bytes in the output: tree-shaken modules are visited but do not count.
  const inputs = outputs.flatMap(([, output]) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
  const packages = [...new Set(inputs.map(packageOf).filter((name): name is string => name !== null))].sort();
  const externalImports = [
    ...new Set(outputs.flatMap(([, output]) => output.imports.filter((i) => i.external).map((i) => i.path))),
  ].sort();
  return {
    id: entry.id,
    kit: entry.kit,
    label: entry.label,
    kind: entry.kind,
    minified: Buffer.byteLength(code),
    gzipped: gzipSync(code, { level: 9 }).length,
    packages,
    externalImports,
  };
}

/** Bytes of `@plankit/react/styles.css` gzipped at level 9 (opt-in, reported apart from the JavaScript). */
export function plankitCssGzipped(): number {
  const css = readFileSync(new URL('../../packages/react/src/styles.css', import.meta.url));
  return gzipSync(css, { level: 9 }).length;
}

export interface PeerRatio {
  peer: string;
  peerGzipped: number;
  /** Our PricingTable + provider over the peer's entry (gzipped bytes). */
  pricingTable: number;
  /** Our headless pricing page over the peer's entry. */
  headless: number;
  /** Our whole package over the peer's entry. */
  wholePackage: number;
}

/**
 * PricingTable + provider may weigh at most this share of the smallest peer pricing page. 0.5 until issue 20:
 * the accessibility fixes (seat draft and range message, one live status region, promotion code error tied to its
 * field, plan names on the buttons, the kit's lang) cost ~550 B gzip, and accessibility comes first. 0.6 until
 * issue 18: a stale tab's "You already have a subscription" notice, the "Cancels on <date>" state, the portal's own
 * return address and localized plan texts (with their language marked) cost ~420 B more.
 */
export const peerRatioBudget = 0.62;

export interface BundleReport {
  /** Peers external (react, react-dom, react/jsx-runtime, @tanstack/react-query): the budgets' basis. */
  plankit: BundleSize[];
  peers: BundleSize[];
  ratios: PeerRatio[];
  /**
   * The same pricing-page entries with only React external: what an app that does not use TanStack Query yet
   * would ship. autumn-js 1.x inlines its own copy of TanStack Query, so only this view compares it like for like.
   */
  withTanstackQuery: BundleSize[];
  plankitCssGzipped: number;
  /** The smallest peer pricing page (UI or headless), peers external: the "half of the smallest peer" basis. */
  smallestPeerPricingPage: { id: string; gzipped: number };
  versions: Record<string, string>;
}

export function isPricingPage(size: { kind: EntryKind }): boolean {
  return size.kind === 'pricing-ui' || size.kind === 'pricing-headless';
}

/** Measures Plankit's entries only (what the budget test needs first). */
export async function measurePlankit(external: string[] = externalPeers): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const entry of plankitEntries) sizes.push(await measureEntry(entry, external));
  return sizes;
}

/** Measures the peers' entries. */
export async function measurePeers(external: string[] = externalPeers): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const entry of peerEntries) sizes.push(await measureEntry(entry, external));
  return sizes;
}

export function smallestPricingPage(peers: BundleSize[]): { id: string; gzipped: number } {
  const pages = peers.filter(isPricingPage).sort((a, b) => a.gzipped - b.gzipped);
  const smallest = pages[0];
  if (!smallest) throw new Error('no peer pricing page measured');
  return { id: smallest.id, gzipped: smallest.gzipped };
}

export function sizeOf(sizes: BundleSize[], id: string): BundleSize {
  const size = sizes.find((candidate) => candidate.id === id);
  if (!size) throw new Error(`no bundle measured for ${id}`);
  return size;
}

/** Measures every entry, ours and the peers', both ways. */
export async function measureBundles(): Promise<BundleReport> {
  const plankit = await measurePlankit();
  const peers = await measurePeers();
  const pricing = sizeOf(plankit, 'plankit-pricing-table').gzipped;
  const headless = sizeOf(plankit, 'plankit-headless-pricing').gzipped;
  const whole = sizeOf(plankit, 'plankit-whole-package').gzipped;
  const ratios = peers.map((peer) => ({
    peer: peer.id,
    peerGzipped: peer.gzipped,
    pricingTable: round(pricing / peer.gzipped, 3),
    headless: round(headless / peer.gzipped, 3),
    wholePackage: round(whole / peer.gzipped, 3),
  }));
  const withTanstackQuery = [
    ...(await measurePlankit(reactOnly)).filter((size) => isPricingPage(size) || size.kind === 'package'),
    ...(await measurePeers(reactOnly)).filter(isPricingPage),
  ];
  const versions: Record<string, string> = {};
  for (const name of ['autumn-js', 'autumn-js-v0', '@better-auth/stripe', 'better-auth', 'esbuild']) {
    versions[name] = installedVersion(name);
  }
  versions['@tanstack/react-query'] = installedVersion('@tanstack/react-query');
  return {
    plankit,
    peers,
    ratios,
    withTanstackQuery,
    plankitCssGzipped: plankitCssGzipped(),
    smallestPeerPricingPage: smallestPricingPage(peers),
    versions,
  };
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
