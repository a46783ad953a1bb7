import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../../vitest.shared';

export default mergeConfig(
  sharedProject,
  defineProject({
    test: {
      name: 'reliability',
      environment: 'node',
      // Races, faults and load runs take seconds each; the budget per test is explicit in each file.
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
