// `pnpm dev`: the Stripe emulator on :12111 and `next dev` on :3000, wired together. For Stripe test mode instead,
// run `next dev` with STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET (from `stripe listen`) and SESSION_SECRET set.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startExampleEmulator } from './start-emulator.mjs';

const origin = 'http://localhost:3000';
const { emulator, env } = await startExampleEmulator({ webhookUrl: `${origin}/api/billing/webhook` });
console.log(`Stripe emulator on ${emulator.url} (pay with 4242 4242 4242 4242)`);
const next = spawn('next', ['dev', '-p', '3000'], {
  stdio: 'inherit',
  env: { ...process.env, ...env, APP_ORIGIN: origin, SESSION_SECRET: randomBytes(32).toString('hex') },
});
const stop = () => next.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
next.on('exit', async (code) => {
  await emulator.close();
  process.exit(code ?? 0);
});
