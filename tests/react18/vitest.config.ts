import { fileURLToPath } from 'node:url';
import type { UserWorkspaceConfig } from 'vitest/config';
import reactProject from '../../packages/react/vitest.config';

// @plankit/react's whole suite again, on React 18.3: the kit's sources (and its test helpers) import react,
// react-dom, TanStack Query and Testing Library from this package, whose copies are linked against React 18.
const here = (path: string) => fileURLToPath(new URL(`./node_modules/${path}`, import.meta.url));
const kit = fileURLToPath(new URL('../../packages/react', import.meta.url));
const base = reactProject as UserWorkspaceConfig;

const config: UserWorkspaceConfig = {
  ...base,
  root: kit,
  resolve: {
    ...base.resolve,
    alias: [
      { find: /^react-dom(\/.*)?$/, replacement: `${here('react-dom')}$1` },
      { find: /^react(\/.*)?$/, replacement: `${here('react')}$1` },
      { find: /^@tanstack\/react-query$/, replacement: here('@tanstack/react-query') },
      { find: /^@testing-library\/react$/, replacement: here('@testing-library/react') },
      ...(Array.isArray(base.resolve?.alias) ? base.resolve.alias : []),
    ],
  },
  test: {
    ...base.test,
    name: 'react-18',
    dir: kit,
    setupFiles: [`${kit}/test/setup.ts`],
    env: { PLANKIT_REACT: '18' },
  },
};

export default config;
