import { defineConfig } from 'vitest/config';

// The Vitest projects StrykerJS runs for each mutant (`pnpm mutate`): the unit and integration suites of the
// packages whose rules it mutates. Browser projects (Storybook, the demo's end-to-end tests) stay out: they
// cost minutes per run and test presentation, not money rules.
// The server's slow-by-nature suites stay out too: the CLI and multi-process tests run Plankit in child processes,
// where Stryker cannot switch a mutant on (they could never kill one), and the randomized shuffle and the
// PostgreSQL suites take minutes per run (the mutated folders are covered by the in-process tests).
export const mutateExcludedServerTests = [
  'test/snapshot-shuffle.test.ts',
  'test/postgres-instances.test.ts',
  'test/postgres-store.test.ts',
  'test/store-contract.test.ts',
  'test/migrate-command.test.ts',
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
        test: { exclude: ['**/node_modules/**', ...mutateExcludedServerTests] },
      },
    ],
    maxWorkers: 2,
  },
});
