import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The monorepo root: workspace packages are linked from there (an app outside a monorepo needs neither line).
const root = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  // Plankit's pages work with Cache Components: the route file has no `runtime` line, and the Server Component
  // calls `connection()` before initialData (which reads the clock), so it renders at request time.
  cacheComponents: true,
  partialPrefetching: true,
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default nextConfig;
