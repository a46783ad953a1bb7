import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';

/**
 * The strictest policy the kit promises to work under: nothing inline, no eval, Trusted Types required for
 * every DOM sink that could run script.
 */
export const strictCsp =
  "default-src 'self'; style-src 'self'; script-src 'self'; require-trusted-types-for 'script'";

const here = new URL('.', import.meta.url);

// Collects every CSP violation of the page (an external script, so the policy allows it). The page's fake
// backend (the story server) parses with zod, whose JIT probes new Function(): jitless, as any app under this
// CSP must run it. The kit itself bundles no zod (test/bundle.test.ts).
const probe = `globalThis.__zod_globalConfig = { jitless: true };
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + (event.blockedURI || '') + ' ' + (event.sample || ''));
});`;

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Plankit browser tests</title>
<link rel="stylesheet" href="/styles.css">
<script src="/probe.js"></script>
<script type="module" src="/app.js"></script>
</head>
<body><main id="root"></main></body>
</html>`;

/** Bundles test/browser/app.tsx (React included) and serves it, the kit's styles.css and a page under `strictCsp`. */
export async function startPageServer(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = await build({
    entryPoints: [new URL('app.tsx', here).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    write: false,
    conditions: ['@plankit/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const files: Record<string, [string, string]> = {
    '/': ['text/html', html],
    '/app.js': ['text/javascript', bundle.outputFiles[0]!.text],
    '/probe.js': ['text/javascript', probe],
    '/styles.css': ['text/css', await readFile(new URL('../../src/styles.css', here), 'utf8')],
  };
  const server: Server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://page').pathname];
    response.writeHead(file ? 200 : 404, {
      'content-type': `${file?.[0] ?? 'text/plain'}; charset=utf-8`,
      'content-security-policy': strictCsp,
    });
    response.end(file?.[1] ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
