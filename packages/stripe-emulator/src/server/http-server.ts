import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api-request.js';
import { BodyTooLarge, readBody, tooLarge } from './request-body.js';
import { apiError, sendJson } from './responses.js';
import type { HttpServerDeps } from './server-deps.js';

export async function listen(deps: HttpServerDeps, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, apiError(err).toBody(), {});
      else res.destroy();
    });
  });
  // Keep-alive sockets must not hold close() hostage for long.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

async function handle(deps: HttpServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname.startsWith('/v1/')) {
    await handleApi(deps, req, res, url);
    return;
  }
  let body: string;
  try {
    body = await readBody(req);
  } catch (err) {
    if (err instanceof BodyTooLarge) return tooLarge(res);
    throw err;
  }
  for (const raw of deps.rawHandlers) {
    if (await raw(req, res, url, body)) return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
}
