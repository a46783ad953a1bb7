import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { timed } from '@plankit/test-utils';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeSnippets } from './readme-snippets';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const packages = ['core', 'server', 'react', 'stripe-emulator'] as const;
const timings: Record<string, number> = {};

let app: string;
const tarballs: Record<string, string> = {};
const entries: Record<string, string[]> = {};

beforeAll(async () => {
  // The test command builds before Vitest; a lone run builds what is missing.
  const missing = packages.filter((name) => !existsSync(join(repo, 'packages', name, 'dist/index.js')));
  if (missing.length) {
    await timed(timings, 'build', () =>
      run('pnpm', ['-r', ...missing.flatMap((name) => ['--filter', `./packages/${name}`]), 'run', 'build'], {
        cwd: repo,
      }),
    );
  }
  // Outside the workspace: no pnpm-workspace.yaml above, no node_modules to fall back on.
  app = await mkdtemp(join(tmpdir(), 'plankit-consumer-'));
  await timed(timings, 'pack', async () => {
    for (const name of packages) {
      const { stdout } = await run('pnpm', ['pack', '--pack-destination', app], {
        cwd: join(repo, 'packages', name),
      });
      const file = stdout.trim().split('\n').pop() ?? '';
      tarballs[name] = file;
      entries[name] = (await run('tar', ['-tzf', file])).stdout.trim().split('\n');
    }
  });
  const file = (name: string) => `file:${tarballs[name]}`;
  await writeFile(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'plankit-consumer',
      private: true,
      type: 'module',
      dependencies: {
        '@plankit/core': file('core'),
        '@plankit/server': file('server'),
        '@plankit/react': file('react'),
        '@plankit/stripe-emulator': file('stripe-emulator'),
        '@tanstack/react-query': '^5.108.0',
        react: '^19.3.1',
        'react-dom': '^19.3.1',
        stripe: '^23.1.0',
        '@types/node': '^20.19.43',
        '@types/react': '^19.3.0',
        '@types/react-dom': '^19.3.0',
      },
      // The server and the React kit depend on @plankit/core@0.1.0: the tarball, not the registry.
      overrides: { '@plankit/core': '$@plankit/core' },
    }),
  );
  await mkdir(join(app, 'src'));
  await copyFile(join(here, 'app/tsconfig.json'), join(app, 'tsconfig.json'));
  await copyFile(join(here, 'app/server.tsx'), join(app, 'src/server.tsx'));
  for (const snippet of readmeSnippets([
    join(repo, 'packages/react/README.md'),
    join(repo, 'packages/server/README.md'),
  ])) {
    if (!snippet.target.startsWith('consumer/')) continue;
    const preamble = snippet.target.endsWith('readme-server.ts')
      ? [
          '// Your auth and database, as the README assumes them.',
          'declare const auth: { verifySession(request: Request): Promise<{ userId: string } | null> };',
          'declare const db: { users: { find(id: string): Promise<{ id: string; email: string; name: string; emailVerified: boolean } | null> } };',
          '',
        ].join('\n')
      : '';
    await writeFile(join(app, snippet.target.replace(/^consumer\//, '')), preamble + snippet.code);
  }
  await timed(timings, 'npm install', () =>
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app }),
  );
}, 600_000);

afterAll(async () => {
  console.log(`consumer timings (s): ${JSON.stringify(timings)}`);
  if (app) await rm(app, { recursive: true, force: true });
});

describe('the published tarballs', () => {
  it.each(packages)(
    '%s carries dist, types, source maps, README and LICENSE, and no tests or stories',
    (name) => {
      const files = entries[name] ?? [];
      for (const needed of [
        'package/package.json',
        'package/README.md',
        'package/LICENSE',
        'package/dist/index.js',
      ]) {
        expect(files, needed).toContain(needed);
      }
      expect(files.some((path) => path.endsWith('.d.ts'))).toBe(true);
      expect(files.some((path) => path.endsWith('.js.map'))).toBe(true);
      expect(
        files.filter((path) => /\.(test|stories)\.tsx?$|stories-support|^package\/test\//.test(path)),
      ).toEqual([]);
    },
  );

  it('keep @plankit/react a client module in its built output', async () => {
    const built = await readFile(join(app, 'node_modules/@plankit/react/dist/index.js'), 'utf8');
    expect(built.startsWith("'use client';")).toBe(true);
  });

  it('install with plain npm outside the workspace: real copies, no workspace links', async () => {
    const { stdout } = await run('npm', ['ls', '@plankit/core', '--all', '--parseable'], { cwd: app });
    expect(stdout.trim().split('\n')).toEqual([join(app, 'node_modules/@plankit/core')]);
    const manifest = JSON.parse(
      await readFile(join(app, 'node_modules/@plankit/server/package.json'), 'utf8'),
    );
    expect(manifest.dependencies['@plankit/core']).toBe('0.1.0');
  });

  it('type-check under strict, README snippets included', async () => {
    const snippets = readmeSnippets([
      join(repo, 'packages/react/README.md'),
      join(repo, 'packages/server/README.md'),
    ]);
    expect(
      snippets.filter((snippet) => snippet.target.startsWith('consumer/')).length,
    ).toBeGreaterThanOrEqual(2);
    const tsc = join(repo, 'node_modules/typescript/bin/tsc');
    const result = await timed(timings, 'tsc', () =>
      run('node', [tsc, '--noEmit', '-p', app]).catch((error) => error),
    );
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
  });

  it('build and run: the server renders the plans from the emulator with the published packages', async () => {
    await timed(timings, 'esbuild', () =>
      build({
        absWorkingDir: app,
        entryPoints: ['src/server.tsx', 'src/readme-billing.tsx'],
        outdir: 'dist',
        bundle: true,
        platform: 'node',
        format: 'esm',
        jsx: 'automatic',
        packages: 'external',
        logLevel: 'silent',
      }),
    );
    const { stdout } = await timed(timings, 'run', () => run('node', ['dist/server.js'], { cwd: app }));
    expect(stdout).toContain('Starter');
    expect(stdout).toContain('$9');
    expect(stdout).toContain('Subscribe');
  });

  it('plankit doctor on Node 20 with a TypeScript plans file says exactly what to do', async () => {
    await writeFile(
      join(app, 'plans.ts'),
      "import { definePlans } from '@plankit/core';\nconst month: string = 'starter_monthly';\nexport default definePlans({ plans: { starter: { prices: { month } } } });\n",
    );
    const bin = join(app, 'node_modules/@plankit/server/bin/plankit.js');
    const result = await run(
      'node',
      [bin, 'doctor', '--plans', 'plans.ts', '--emulator', 'http://127.0.0.1:9'],
      {
        cwd: app,
        env: { ...process.env, STRIPE_SECRET_KEY: 'sk_test_emulator' },
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    const output = `${result.stdout}${result.stderr}`;
    // Node 22.18+ strips types itself; Node 20 (the engines floor) needs tsx, and the message says so.
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    if (major > 22 || (major === 22 && minor >= 18)) expect(output).not.toContain('Could not load');
    else expect(output).toMatch(/cannot load TypeScript \(plans\.ts\)[\s\S]*npm i -D tsx/);
  });
});
