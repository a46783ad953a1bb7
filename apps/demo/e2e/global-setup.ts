import { buildApp } from './build-app';

/**
 * Builds the browser app once for the whole project: the end-to-end tests serve the production build
 * (fast, no dependency pre-bundling mid-test); one test covers Vite's dev middleware.
 */
export default async function setup(): Promise<void> {
  await buildApp();
}
