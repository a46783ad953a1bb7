import { defineConfig } from 'vitest/config';

// The Vitest projects StrykerJS runs for each mutant (`pnpm mutate`): the unit and integration suites of the
// packages whose rules it mutates. Browser projects (Storybook, the demo's end-to-end tests) stay out: they
// cost minutes per run and test presentation, not money rules.
export default defineConfig({
  test: {
    projects: [
      'packages/core/vitest.config.ts',
      'packages/react/vitest.config.ts',
      'packages/server/vitest.config.ts',
    ],
    maxWorkers: 2,
  },
});
