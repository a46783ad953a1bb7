import { copyFile, mkdir } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  // Every export is for the browser (provider, hooks, components, and the catalogs and helpers they take), so the
  // one bundle is a client module: a Server Component can import it and render <PricingTable> in Next's App Router.
  banner: { js: "'use client';" },
  external: ['react', 'react-dom', 'react/jsx-runtime', '@tanstack/react-query', '@plankit/core'],
  // The stylesheet is plain CSS: copied as is, never imported by the JavaScript.
  onSuccess: async () => {
    await mkdir('dist', { recursive: true });
    await copyFile('src/styles.css', 'dist/styles.css');
  },
});
