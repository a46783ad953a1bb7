import { fileURLToPath } from 'node:url';
import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../../vitest.shared';

export default mergeConfig(
  sharedProject,
  defineProject({
    resolve: {
      alias: [
        // The DOM environment resolves packages with browser conditions, which would give the integration
        // tests Stripe's fetch build (blocked by happy-dom's CORS); the server side runs on Node, so use Node's.
        {
          find: /^stripe$/,
          replacement: fileURLToPath(
            new URL('./node_modules/stripe/esm/stripe.esm.node.js', import.meta.url),
          ),
        },
      ],
    },
    test: {
      name: 'react',
      environment: 'happy-dom',
      setupFiles: ['./test/setup.ts'],
      testTimeout: 20_000,
    },
  }),
);
