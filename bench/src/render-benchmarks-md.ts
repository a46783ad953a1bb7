/**
 * `pnpm -C bench run benchmarks-md`: rewrites BENCHMARKS.md from the committed bench/results/*.json without measuring,
 * e.g. after merging results from several runs. `pnpm bench` measures everything and does this at the end.
 */
import { readFileSync } from 'node:fs';
import { type AllResults, writeBenchmarksMarkdown } from './write-benchmarks-md';

const read = (name: string) =>
  JSON.parse(readFileSync(new URL(`../results/${name}.json`, import.meta.url), 'utf8')) as unknown;

writeBenchmarksMarkdown({
  machine: read('machine'),
  bundles: read('bundle-size'),
  stripeCalls: read('stripe-calls'),
  peer: read('peer-comparison'),
  throughput: read('emulator-throughput'),
  overhead: read('server-overhead'),
  render: read('render-cost'),
} as AllResults);
console.log('bench: wrote BENCHMARKS.md from bench/results/*.json');
