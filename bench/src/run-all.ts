/**
 * `pnpm bench`: every measurement in one run, written to bench/results/*.json, then BENCHMARKS.md regenerated.
 * Timing figures are recorded, not asserted; the deterministic budgets live in test/budgets.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { measureBundles } from './bundle-size';
import { measureEmulatorThroughput } from './emulator-throughput/measure-throughput';
import { describeMachine } from './machine';
import { comparePeer } from './peer/compare-peer';
import { measureRender } from './render-cost/measure-render';
import { measureServerOverhead } from './server-overhead/measure-overhead';
import { countStripeCalls } from './stripe-calls/count-calls';
import { writeBenchmarksMarkdown } from './write-benchmarks-md';

const resultsDir = new URL('../results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });

function save(name: string, value: unknown): void {
  writeFileSync(new URL(`${name}.json`, resultsDir), `${JSON.stringify(value, null, 2)}\n`);
}

function step(name: string): () => void {
  const start = performance.now();
  process.stdout.write(`bench: ${name}...`);
  return () => process.stdout.write(` ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
}

const machine = describeMachine();
save('machine', machine);

let done = step('bundle sizes');
const bundles = await measureBundles();
save('bundle-size', bundles);
done();

done = step('Stripe calls per action');
const stripeCalls = await countStripeCalls();
save('stripe-calls', stripeCalls);
done();

done = step('beside better-auth (Stripe plugin): calls, race, shuffled webhooks');
const peer = await comparePeer();
save('peer-comparison', peer);
done();

done = step('emulator throughput');
const throughput = await measureEmulatorThroughput();
save('emulator-throughput', throughput);
done();

done = step('server overhead (autocannon)');
const overhead = await measureServerOverhead();
save('server-overhead', overhead);
done();

done = step('render cost (Chromium)');
const render = await measureRender();
save('render-cost', render);
done();

writeBenchmarksMarkdown({ machine, bundles, stripeCalls, peer, throughput, overhead, render });
console.log('bench: wrote bench/results/*.json and BENCHMARKS.md');
