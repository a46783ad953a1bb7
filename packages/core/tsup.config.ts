import { defineConfig } from 'tsup';

export default defineConfig({
  // Every module is an entry and shared code is split, so bundlers can drop the zod schemas
  // from browser bundles that only use the constants (sideEffects: false, module by module).
  entry: ['src/**/*.ts', '!src/**/*.test.ts'],
  format: ['esm'],
  dts: true,
  splitting: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
});
