import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One project per package or app; each has its own vitest.config.ts.
    projects: [
      'packages/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'tests/*/vitest.config.ts',
      '.storybook/vitest.config.ts',
      '.storybook/vitest.config.mts',
      'bench/vitest.config.ts',
    ],
    // Two cores: parallel, but bounded.
    maxWorkers: 2,
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
