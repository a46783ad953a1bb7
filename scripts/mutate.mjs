// `pnpm mutate [run ...] [stryker options]`: the mutation runs, one after another. `all-suites` is
// stryker.config.json (its files against every suite of vitest.mutate.config.ts); the others are the focused runs
// of mutation/focused-runs.json. No run named means every run. Other arguments go to each `stryker run`
// (`pnpm mutate catalog --force`).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const focused = Object.keys(JSON.parse(readFileSync('mutation/focused-runs.json', 'utf8')));
const configs = {
  'all-suites': 'stryker.config.json',
  ...Object.fromEntries(focused.map((name) => [name, `mutation/${name}.stryker.mjs`])),
};

const args = process.argv.slice(2).filter((arg) => arg !== '--');
const firstOption = args.findIndex((arg) => arg.startsWith('-'));
const named = firstOption === -1 ? args : args.slice(0, firstOption);
const strykerArgs = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = named.filter((name) => !(name in configs));
const late = strykerArgs.filter((arg) => arg in configs);
if (late.length > 0) {
  console.error(
    `Name the runs before Stryker's options: pnpm mutate ${late.join(' ')} ${strykerArgs.filter((arg) => !late.includes(arg)).join(' ')}`,
  );
  process.exit(2);
}
if (unknown.length > 0) {
  console.error(
    `No mutation run named ${unknown.join(', ')}; the runs are ${Object.keys(configs).join(', ')}.`,
  );
  process.exit(2);
}

for (const name of named.length > 0 ? named : Object.keys(configs)) {
  console.log(`\n== pnpm mutate: ${name} (${configs[name]})\n`);
  const run = spawnSync('stryker', ['run', configs[name], ...strykerArgs], { stdio: 'inherit' });
  if (run.error) console.error(`Could not start Stryker (run pnpm install first): ${run.error.message}`);
  if (run.status !== 0) process.exit(run.status ?? 1);
}
