import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { build as esbuild } from 'esbuild';
import { build as tsup } from 'tsup';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seed } from '../src/fixtures';
import { ExitError, startServerProcess } from '../src/server-process';

/*
 * The React kit as published (its tsup build) and as an app bundles it for the browser must carry no Stripe secret
 * and no server code, and neither must the Storybook static build (the demo's Vite build is checked by
 * apps/demo/e2e/build.test.ts). And the server must refuse
 * to start with a key that is missing, publishable, not a key, or live outside production.
 */

const root = fileURLToPath(new URL('../../../', import.meta.url));
const reactEntry = join(root, 'packages/react/src/index.ts');
const peers = ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query'];

/** A Stripe secret, restricted key or webhook secret value (a prefix followed by key material). */
const secretValue =
  /(?<![A-Za-z0-9])(sk|rk)_(test|live)_[A-Za-z0-9]{4,}|(?<![A-Za-z0-9])whsec_[A-Za-z0-9]{4,}/;
/** Markers of server-side code: the Stripe SDK, Plankit's server, node built-ins, webhook verification. */
const serverMarkers = [
  'constructEvent',
  'generateTestHeaderString',
  'node:http',
  'node:crypto',
  'node:stream',
  'createHmac',
  '@plankit/server',
  '@plankit/stripe-emulator',
  'from"stripe"',
  "from 'stripe'",
  'api.stripe.com',
  'identify(request) is required',
  'STRIPE_SECRET_KEY',
];

let outDir: string;
beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'plankit-secrets-'));
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function filesIn(directory: string): Promise<Array<{ name: string; text: string }>> {
  const names = (await readdir(directory, { recursive: true })).filter((name) =>
    /\.(m?js|css|html|map)$/.test(name),
  );
  return Promise.all(
    names.map(async (name) => ({ name, text: await readFile(join(directory, name), 'utf8') })),
  );
}

function expectClean(files: Array<{ name: string; text: string }>) {
  for (const { name, text } of files) {
    expect(text, name).not.toMatch(secretValue);
    for (const marker of serverMarkers)
      expect(text.includes(marker), `${name} contains ${marker}`).toBe(false);
  }
}

describe('no secret and no server code in client bundles', () => {
  test('the React package as published (tsup) and as an app bundles it for the browser', async () => {
    const published = join(outDir, 'react');
    await tsup({
      entry: [reactEntry],
      format: ['esm'],
      outDir: published,
      dts: false,
      silent: true,
      config: false,
      target: 'es2022',
      external: [...peers, '@plankit/core'],
    });
    const files = await filesIn(published);
    expect(files.length).toBeGreaterThan(0);
    expectClean(files);
    // What a browser app ships: the kit with @plankit/core inlined. Node built-ins would fail a browser build.
    const app = await esbuild({
      stdin: {
        contents: `export * from ${JSON.stringify(join(published, 'index.js'))};`,
        resolveDir: root,
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      write: false,
      metafile: true,
      external: peers,
      conditions: ['@plankit/source'],
      // The published output sits in a temporary directory: resolve its @plankit/core from this workspace.
      nodePaths: [join(root, 'tests/reliability/node_modules')],
      logLevel: 'silent',
    });
    const code = app.outputFiles[0]!.text;
    const inputs = Object.keys(app.metafile.inputs);
    expectClean([{ name: 'app bundle', text: code }]);
    expect(inputs.some((input) => input.includes('packages/core/'))).toBe(true);
    expect(
      inputs.filter((input) => /packages\/(server|stripe-emulator)\/|node_modules\/stripe\//.test(input)),
    ).toEqual([]);
    console.log(
      `secrets: @plankit/react tsup output ${files.length} file(s), ${files.reduce((sum, file) => sum + file.text.length, 0)} B; ` +
        `browser app bundle ${code.length} B from ${inputs.length} inputs: no sk_/rk_/whsec_ value, no server marker`,
    );
  }, 60_000);

  test('the Storybook static build', async () => {
    const static_ = join(outDir, 'storybook');
    const started = Date.now();
    await promisify(execFile)(
      join(root, 'node_modules/.bin/storybook'),
      ['build', '-c', '.storybook', '-o', static_, '--quiet', '--disable-telemetry'],
      {
        cwd: root,
        env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' },
        maxBuffer: 32 * 1024 * 1024,
      },
    );
    const files = await filesIn(static_);
    const index = JSON.parse(await readFile(join(static_, 'index.json'), 'utf8')) as {
      entries: Record<string, unknown>;
    };
    // The build really holds Plankit's stories, so a clean scan means something.
    expect(Object.keys(index.entries).length).toBeGreaterThan(0);
    expect(files.some((file) => file.text.includes('data-plankit-part'))).toBe(true);
    expectClean(files);
    console.log(
      `secrets: Storybook static build in ${((Date.now() - started) / 1000).toFixed(1)} s, ${files.length} files, ` +
        `${Object.keys(index.entries).length} stories/docs: no sk_/rk_/whsec_ value, no server marker`,
    );
  }, 120_000);

  test('the check itself finds a planted secret and a server import', () => {
    expect('const key = "sk_test_51Habc123";').toMatch(secretValue);
    expect('x="whsec_abcd1234"').toMatch(secretValue);
    expect('bookmark_test_1 task_live_2').not.toMatch(secretValue);
    expect(() => expectClean([{ name: 'planted', text: 'import"node:crypto";' }])).toThrow();
  });
});

describe('the server refuses to start on a bad key', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  test('missing, publishable, non-key and live-outside-production keys: the process exits with a clear message', async () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['missing', { STRIPE_SECRET_KEY: '' }, /secret key is missing/],
      ['publishable', { STRIPE_SECRET_KEY: 'pk_test_51Habc' }, /publishable key/],
      ['webhook secret', { STRIPE_SECRET_KEY: 'whsec_abc' }, /must start with sk_ or rk_/],
      ['live key in test', { STRIPE_SECRET_KEY: 'sk_live_51Habc' }, /live Stripe key/],
      ['live restricted key in test', { STRIPE_SECRET_KEY: 'rk_live_51Habc' }, /live Stripe key/],
    ];
    const outcomes = await Promise.all(
      cases.map(async ([name, env, message]) => {
        try {
          const server = await startServerProcess({ ...env, EMULATOR_PORT: String(emulator.port) });
          await server.stop();
          return { name, started: true, message, error: '' };
        } catch (error) {
          return {
            name,
            started: false,
            message,
            error: error instanceof ExitError ? error.stderr : String(error),
          };
        }
      }),
    );
    for (const outcome of outcomes) {
      expect(outcome.started, outcome.name).toBe(false);
      expect(outcome.error, outcome.name).toMatch(outcome.message);
      // The message names the problem, never the key itself.
      expect(outcome.error).not.toMatch(/51Habc/);
    }
    // The control: a test key starts.
    const good = await startServerProcess({
      STRIPE_SECRET_KEY: emulator.secretKey,
      EMULATOR_PORT: String(emulator.port),
    });
    expect((await fetch(`${good.url}/api/billing/plans`)).status).toBe(200);
    await good.stop();
    console.log(
      `bad keys: ${outcomes.map((outcome) => `${outcome.name} -> refused`).join(', ')}; sk_test_ -> started`,
    );
  }, 60_000);
});
