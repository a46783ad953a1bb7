import { build } from 'vite';
import { appRoot } from '../server/frontend';

/**
 * Builds the browser app once for the whole project: the end-to-end tests serve the production build
 * (fast, no dependency pre-bundling mid-test), one test covers Vite's dev middleware.
 */
export default async function setup(): Promise<void> {
  await build({ root: appRoot, configFile: `${appRoot}/vite.config.ts`, logLevel: 'warn' });
}
