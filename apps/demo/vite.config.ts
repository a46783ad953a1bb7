import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The browser bundle reads the workspace packages' sources (the `@plankit/source` condition), so the demo
// needs no prior build of the packages. Only `src/` is bundled: the server code never reaches the browser.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    conditions: ['@plankit/source', ...defaultClientConditions],
    // The kit's stylesheet is exported from dist/ only; read its source so the demo needs no build first.
    alias: [
      {
        find: /^@plankit\/react\/styles\.css$/,
        replacement: fileURLToPath(new URL('../../packages/react/src/styles.css', import.meta.url)),
      },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
