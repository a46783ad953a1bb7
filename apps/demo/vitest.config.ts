import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../../vitest.shared';

// End-to-end tests: each file starts its own demo (emulator + server) on port 0 and drives the system Chromium.
export default mergeConfig(
  sharedProject,
  defineProject({
    test: {
      name: 'demo',
      environment: 'node',
      include: ['e2e/**/*.test.ts'],
      globalSetup: ['e2e/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  }),
);
