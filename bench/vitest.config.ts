import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../vitest.shared';

export default mergeConfig(
  sharedProject,
  defineProject({
    test: {
      name: 'bench-budgets',
      environment: 'node',
      // esbuild bundles and an emulator walk through every action: seconds, not minutes.
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  }),
);
