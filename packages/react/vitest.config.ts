import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../../vitest.shared';

export default mergeConfig(
  sharedProject,
  defineProject({
    test: {
      name: 'react',
      environment: 'happy-dom',
      setupFiles: ['./test/setup.ts'],
      testTimeout: 20_000,
    },
  }),
);
