import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Emulator } from '@plankit/stripe-emulator';
import { freePort, timed } from '@plankit/test-utils';
import { startExampleEmulator } from '../scripts/start-emulator.mjs';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = fileURLToPath(new URL('../../..', import.meta.url));
const next = `${appDir}node_modules/.bin/next`;

/** Seconds each phase took, for the report. */
export const timings: Record<string, number> = {};

/** The app imports the packages' built output, as an installed app would: build them first when missing. */
async function ensurePackagesBuilt(): Promise<void> {
  const missing = ['core', 'server', 'react'].filter(
    (name) => !existsSync(`${repoDir}packages/${name}/dist/index.js`),
  );
  if (missing.length === 0) return;
  await run('pnpm', ['-r', ...missing.flatMap((name) => ['--filter', `@plankit/${name}`]), 'run', 'build'], {
    cwd: repoDir,
  });
}

/** `next build`, with no Stripe secrets in the environment (configuration is checked on first use). */
export async function buildApp(): Promise<void> {
  await timed(timings, 'packages', ensurePackagesBuilt);
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_URL', 'SESSION_SECRET']) {
    delete env[name];
  }
  await timed(timings, 'next build', () =>
    run(next, ['build'], { cwd: appDir, env, maxBuffer: 16 * 1024 * 1024 }),
  );
}

export interface RunningApp {
  origin: string;
  emulator: Emulator;
  /** What `next start` printed so far (its stdout and stderr). */
  output(): string;
  close(): Promise<void>;
}

/** The emulator plus `next start` on a free port, wired with the environment `pnpm dev` also sets. */
export async function startApp(): Promise<RunningApp> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const { emulator, env } = await startExampleEmulator({
    port: 0,
    webhookUrl: `${origin}/api/billing/webhook`,
  });
  const child: ChildProcess = spawn(next, ['start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: {
      ...process.env,
      ...env,
      APP_ORIGIN: origin,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      NEXT_TELEMETRY_DISABLED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  await timed(timings, 'next start', async () => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`next start exited:\n${output}`);
      const up = await fetch(`${origin}/api/billing/plans`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      await new Promise((done) => setTimeout(done, 200));
    }
    throw new Error(`next start did not answer in 60 s:\n${output}`);
  });
  return {
    origin,
    emulator,
    output: () => output,
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      await emulator.close();
    },
  };
}
