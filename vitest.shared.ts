import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineProject } from 'vitest/config';

/**
 * Workspace packages export their TypeScript sources under the `@plankit/source`
 * condition, so tests and the demo run against `src/` without a prior build.
 */
export const sourceCondition = '@plankit/source';

export const sharedProject = defineProject({
  resolve: { conditions: [sourceCondition, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [sourceCondition, ...defaultServerConditions] } },
});
