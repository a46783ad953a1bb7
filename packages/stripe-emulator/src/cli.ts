#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';

/** `plankit-stripe-emulator --port 12111 [--seed catalog.json] [--persist state.json]` */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '12111' },
      seed: { type: 'string' },
      persist: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: plankit-stripe-emulator [--port 12111] [--seed catalog.json] [--persist state.json]\n',
    );
    return;
  }
  const options: Parameters<typeof startEmulator>[0] = { port: Number(values.port) };
  if (values.seed) options.seed = values.seed;
  if (values.persist) options.persist = values.persist;
  const emulator = await startEmulator(options);
  process.stdout.write(`listening on ${emulator.url}\n`);
  if (emulator.webhookSecret) process.stdout.write(`webhook secret ${emulator.webhookSecret}\n`);
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
