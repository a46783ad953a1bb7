import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@plankit/stripe-emulator';
import { planConfig, seedCatalog } from '@plankit/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));
const webhookUrl = 'https://app.example.com/api/billing/webhook';

let emulator: Emulator;
let emulatorUrl: string;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed: seedCatalog });
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
      ['--conditions=@plankit/source', '--import', 'tsx', cliPath, ...args],
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
    expect(fix.stdout).toMatch(/^✓ \[fixed\] Created portal configuration bpc_/m);
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

  it('exits 1 on a catalog error and 2 on usage errors', async () => {
    const typo = await plankit(['doctor', '--plans', 'typo.json', '--emulator', emulatorUrl]);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain('lookup key "nope"');

    const noKey = await plankit(['doctor', '--emulator', emulatorUrl], '');
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/STRIPE_SECRET_KEY is not set/);

    const unknown = await plankit(['doctor', '--frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--frobnicate'/);
  }, 60_000);
});
