import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineProject, mergeConfig } from 'vitest/config';
import { sharedProject } from '../vitest.shared';

const configDir = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(configDir, '../.artifacts/storybook');

// Every story runs as a test in the system Chromium (CHROME_PATH), with its play function and the a11y checks;
// stories tagged 'screenshot' leave a PNG in .artifacts/storybook (see screenshot-setup.ts).
export default mergeConfig(
  sharedProject,
  defineProject({
    plugins: [storybookTest({ configDir })],
    test: {
      name: 'storybook',
      setupFiles: [path.join(configDir, 'screenshot-setup.ts')],
      provide: { storybookArtifacts: artifacts },
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({
          // Room for tall screenshots: the runner scales the story iframe down when the window is smaller.
          contextOptions: { viewport: { width: 1280, height: 4100 } },
          launchOptions: {
            executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
            args: [
              '--no-sandbox',
              '--disable-gpu',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
              '--no-first-run',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  }),
);
