import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [
    'src/index.ts',
    'src/adapters/node.ts',
    'src/adapters/express.ts',
    'src/adapters/next.ts',
    // The CLI and the Redis and Postgres stores are built when present (other parts of the package).
    ...['src/cli.ts', 'src/store/redis-store.ts', 'src/store/postgres-store.ts'].filter((file) =>
      existsSync(file),
    ),
  ],
  format: ['esm'],
  dts: true,
  splitting: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  external: ['stripe'],
});
