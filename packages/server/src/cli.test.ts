import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type EmulatorSeed, startEmulator } from '@plankit/stripe-emulator';
import { planConfig, seedCatalog } from '@plankit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from './doctor/doctor-command';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

// seedCatalog is declared `as const` (readonly arrays); the emulator's seed type is the mutable Stripe shape.
const seed = seedCatalog as unknown as EmulatorSeed;

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));
// The CLI runs from a temporary directory, so tsx is resolved from here rather than from the child's cwd.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const webhookUrl = 'https://app.example.com/api/billing/webhook';

let emulator: Emulator;
let emulatorUrl: string;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed });
  const { host, port, protocol } = emulator.stripeConfig;
  emulatorUrl = `${protocol ?? 'http'}://${host}:${port}`;
  dir = await mkdtemp(join(tmpdir(), 'plankit-doctor-'));
  await writeFile(join(dir, 'plans.json'), JSON.stringify(planConfig));
  await writeFile(join(dir, 'typo.json'), JSON.stringify({ plans: { pro: { prices: { month: 'nope' } } } }));
});

afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI from source the way a developer would with tsx. */
function plankit(args: string[], key = emulator.secretKey) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@plankit/source', '--import', tsxLoader, cliPath, ...args],
      { cwd: dir, env: { ...process.env, STRIPE_SECRET_KEY: key }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('plankit doctor (child process against a running emulator)', () => {
  it('exits 1 and explains what is missing, then --fix repairs it and a re-run exits 0', async () => {
    const before = await plankit(['doctor', '--emulator', emulatorUrl, '--webhook-url', webhookUrl]);
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/^✗ There is no customer portal configuration/m);
    expect(before.stdout).toMatch(/^✗ No webhook endpoint sends events to https:\/\/app\.example\.com/m);
    expect(before.stdout).toMatch(/^Not ready: 2 errors, 0 warnings\.$/m);

    const fix = await plankit(['doctor', '--fix', '--emulator', emulatorUrl, '--webhook-url', webhookUrl]);
    expect(fix.code).toBe(0);
    expect(fix.stdout).toMatch(/^✓ \[fixed\] Portal configuration bpc_\w+ .*\(Created just now\.\)$/m);
    expect(fix.stdout).toMatch(/^Webhook signing secret \(shown once\): whsec_/m);

    const after = await plankit([
      'doctor',
      '--plans',
      'plans.json',
      '--emulator',
      emulatorUrl,
      '--webhook-url',
      webhookUrl,
    ]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^Ready for Plankit\.$/m);
  }, 60_000);

  it('exits 1 on a catalog error', async () => {
    const typo = await plankit(['doctor', '--plans', 'typo.json', '--emulator', emulatorUrl]);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain('lookup key "nope"');
  }, 60_000);
});

describe('doctorCommand usage errors (exit code 2, before any Stripe call)', () => {
  it('requires STRIPE_SECRET_KEY', async () => {
    const result = await doctorCommand([], {}, process.cwd());
    expect(result).toMatchObject({ code: 2, output: expect.stringMatching(/STRIPE_SECRET_KEY is not set/) });
  });

  it('rejects unknown options and a malformed emulator URL', async () => {
    const env = { STRIPE_SECRET_KEY: 'sk_test_x' };
    expect(await doctorCommand(['--frobnicate'], env, process.cwd())).toMatchObject({
      code: 2,
      output: expect.stringMatching(/Unknown option '--frobnicate'/),
    });
    expect(await doctorCommand(['--emulator', 'not a url'], env, process.cwd())).toMatchObject({
      code: 2,
      output: expect.stringMatching(/is not a URL/),
    });
  });

  it('explains a plan file that does not exist', async () => {
    const result = await doctorCommand(['--plans', 'missing.json'], { STRIPE_SECRET_KEY: 'sk_test_x' }, dir);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/Could not load the plan catalog from missing\.json/);
  });
});
