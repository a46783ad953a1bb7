import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../vitest.shared';

// A second, Node-side project next to the browser one in vitest.config.ts (the root config collects both
// `.storybook/vitest.config.{ts,mts}`): it builds the static Storybook and inspects the output.
export default mergeConfig(
  sharedProject,
  defineProject({
    test: {
      name: 'storybook-build',
      environment: 'node',
      include: ['storybook-build.test.ts'],
      testTimeout: 120_000,
      hookTimeout: 30_000,
    },
  }),
);
