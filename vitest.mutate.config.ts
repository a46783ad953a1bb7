import { defineConfig } from 'vitest/config';

// The Vitest projects StrykerJS runs for each mutant (`pnpm mutate`): the unit and integration suites of the
// packages whose rules it mutates. Browser projects (Storybook, the demo's end-to-end tests) stay out: they
// cost minutes per run and test presentation, not money rules.
// The server's suites that cannot kill a mutant, or cost minutes per mutant, stay out too (perTest coverage runs
// each mutant against only the tests that cover it, so a suite costs what its covering tests and hooks cost):
// - the CLI and multi-process tests run Plankit in child processes, where Stryker cannot switch a mutant on
//   (they could never kill one; the store's commands are tested in-process instead: migrate-command.test.ts
//   calls migrateCommand and cli-stores.test.ts the store openers, on real servers);
// - the randomized snapshot shuffle takes minutes a run;
// - PGlite's suite: each PGlite start costs 5 to 15 s a run, and it runs the same SQL as the real PostgreSQL
//   server of store-contract.test.ts and postgres-store.test.ts (which stay in: about 4 s of server start each).
export const mutateExcludedServerTests = [
  'test/snapshot-shuffle.test.ts',
  'test/postgres-instances.test.ts',
  'test/redis-instances.test.ts',
  'test/pglite-store.test.ts',
  'test/migrate-cli.test.ts',
  'src/state/reconcile-command.test.ts',
  'src/cli.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      'packages/core/vitest.config.ts',
      'packages/react/vitest.config.ts',
      {
        extends: 'packages/server/vitest.config.ts',
        root: 'packages/server',
        // Mutation runs share the machine with other jobs: a test's own 5 s limit then fails the initial run on
        // load alone. Stryker still times out each mutant from the initial run's durations.
        test: { exclude: ['**/node_modules/**', ...mutateExcludedServerTests], testTimeout: 30_000 },
      },
    ],
    maxWorkers: 2,
  },
});
