import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** Anything with Plankit's web-standard handler (what `createPlankit` returns). */
export interface HasHandler {
  handler: (request: Request) => Promise<Response>;
}

/** Builds a web `Request` from node's request; the body streams through untouched, so webhooks keep the raw bytes. */
export function toWebRequest(req: IncomingMessage): Request {
  // Only the path is used for routing; the host header is never trusted for anything else.
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/** Writes a web `Response` to node's response. */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/**
 * Adapts Plankit to `node:http`: `http.createServer(toNodeHandler(billing))`, or call it from your own server for
 * paths below `billing.basePath`.
 */
export function toNodeHandler(
  billing: HasHandler,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    await writeWebResponse(res, await billing.handler(toWebRequest(req)));
  };
}
