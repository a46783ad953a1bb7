import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// The browser bundle reads the workspace packages' sources (the `@plankit/source` condition), so the demo
// needs no prior build of the packages. Only `src/` is bundled: the server code never reaches the browser.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: {
    // Also picks the kit's stylesheet source (`@plankit/react/styles.css` has the condition too).
    conditions: ['@plankit/source', ...defaultClientConditions],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
