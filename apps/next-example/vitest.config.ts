import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../../vitest.shared';

// End-to-end: `next build && next start` against the emulator, driven by the system Chromium.
export default mergeConfig(
  sharedProject,
  defineProject({
    test: {
      name: 'next-example',
      environment: 'node',
      include: ['e2e/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 400_000,
    },
  }),
);
