import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

/** Serves the browser app: Vite's dev middleware, or the files of a production build. */
export interface Frontend {
  handle(request: IncomingMessage, response: ServerResponse): void;
  close(): Promise<void>;
}

export const appRoot = resolve(import.meta.dirname, '..');

/**
 * Development: Vite in middleware mode inside the demo's own server (one port, so cookies and Origin checks
 * stay simple). HMR's websocket shares the same HTTP server.
 */
export async function createViteFrontend(server: Server): Promise<Frontend> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    root: appRoot,
    configFile: join(appRoot, 'vite.config.ts'),
    appType: 'spa',
    logLevel: 'warn',
    server: { middlewareMode: true, hmr: { server } },
  });
  return {
    handle: (request, response) =>
      vite.middlewares(request, response, () => {
        response.statusCode = 404;
        response.end('Not found');
      }),
    close: () => vite.close(),
  };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Production: the files of `vite build`, with index.html for every other path (the app routes itself). */
export function createStaticFrontend(distDir = join(appRoot, 'dist')): Frontend {
  const root = resolve(distDir);
  return {
    handle(request, response) {
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
      } catch {
        response.writeHead(400).end('Bad request');
        return;
      }
      const candidate = normalize(join(root, pathname));
      const inside = candidate.startsWith(`${root}/`);
      void stat(inside ? candidate : root)
        .then((info) => (inside && info.isFile() ? candidate : join(root, 'index.html')))
        .catch(() => join(root, 'index.html'))
        .then((file) => {
          const immutable = file.includes('/assets/');
          response.writeHead(200, {
            'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
            'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          });
          createReadStream(file)
            .on('error', () => response.end())
            .pipe(response);
        });
    },
    close: async () => {},
  };
}
