import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../../vitest.shared';

export default mergeConfig(
  sharedProject,
  defineProject({
    test: { name: 'stripe-emulator', environment: 'node', testTimeout: 20_000, hookTimeout: 20_000 },
  }),
);
