import { join } from 'node:path';
import { build } from 'vite';
import { appRoot } from '../server/frontend';

/**
 * `vite build` from inside a test run. Vitest sets NODE_ENV=test, and Vite honours NODE_ENV over the
 * build mode: without this the bundle would carry React's development build.
 */
export async function buildApp(outDir = join(appRoot, 'dist')): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: appRoot,
      configFile: join(appRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
