import { defineProject } from 'vitest/config';

// The published artifacts, not the workspace sources: no `@plankit/source` condition here.
export default defineProject({
  test: {
    name: 'consumer',
    environment: 'node',
    include: ['*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
