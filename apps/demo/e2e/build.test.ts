import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from './build-app';

let outDir: string;
let files: Array<{ name: string; text: string }>;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'plankit-demo-build-'));
  await buildApp(outDir);
  const names = await readdir(outDir, { recursive: true });
  files = await Promise.all(
    names
      .filter((name) => /\.(js|css|html|map)$/.test(name))
      .map(async (name) => ({ name, text: await readFile(join(outDir, name), 'utf8') })),
  );
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

test('the production build has an index.html, a script and a stylesheet', () => {
  const names = files.map((file) => file.name);
  expect(names).toContain('index.html');
  expect(names.some((name) => /^assets\/.*\.js$/.test(name))).toBe(true);
  expect(names.some((name) => /^assets\/.*\.css$/.test(name))).toBe(true);
  const html = files.find((file) => file.name === 'index.html')!.text;
  expect(html).toMatch(/<script type="module"[^>]+src="\/assets\//);
});

test('the favicon is a file of the build, not a data: URL that a strict CSP (img-src self) blocks', async () => {
  const html = files.find((file) => file.name === 'index.html')!.text;
  expect(html).not.toContain('data:');
  expect(html).toMatch(/<link rel="icon" type="image\/svg\+xml" href="\/favicon\.svg"/);
  expect(await readFile(join(outDir, 'favicon.svg'), 'utf8')).toMatch(
    /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
  );
});

test('no secret key, restricted key or webhook secret pattern reaches the browser', () => {
  for (const { name, text } of files) {
    expect(text, name).not.toContain('sk_test');
    expect(text, name).not.toContain('sk_live');
    expect(text, name).not.toContain('whsec_');
    // `rk_` as a key prefix (not inside a word such as "bookmark_").
    expect(text, name).not.toMatch(/(?<![A-Za-z0-9])rk_/);
  }
});

test('no server module code is bundled: Stripe SDK, emulator, Plankit server, demo server', () => {
  const js = files.filter((file) => file.name.endsWith('.js'));
  const bundle = js.map((file) => file.text).join('\n');
  for (const marker of [
    'api.stripe.com', // the stripe SDK
    'Stripe-Version',
    "It's possible this PaymentMethod exists", // the emulator
    'identify(request) is required', // @plankit/server
    'acme_session', // the demo's own server (its session cookie)
    'createHmac',
    'node:http',
    'node:crypto',
    'process.env.STRIPE',
  ]) {
    expect(bundle, marker).not.toContain(marker);
  }
  // The browser only ever names the billing routes, never Stripe itself.
  expect(bundle).toContain('/api/billing');
});

test('React is the production build', () => {
  const bundle = files
    .filter((file) => file.name.endsWith('.js'))
    .map((file) => file.text)
    .join('\n');
  expect(bundle).not.toContain('React DevTools');
  expect(bundle).not.toContain('react-stack-bottom-frame');
});

test('the browser bundle leaves zod out (the kit imports only constants and types from core)', () => {
  const bundle = files
    .filter((file) => file.name.endsWith('.js'))
    .map((file) => file.text)
    .join('\n');
  expect(bundle).not.toMatch(/ZodError|\$ZodType/);
});
