import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { errorReply } from '../http/json-response';
import type { BodilessRequest, PlainResponse } from '../http/plain-response';

/** Anything with Plankit's web-standard handler (what `createPlankit` returns). */
export interface HasHandler {
  handler: (request: Request) => Promise<Response>;
  /** Plankit's shortcut for body-less reads (see `Plankit.answerBodiless`); optional for other handlers. */
  answerBodiless?: (request: BodilessRequest) => Promise<PlainResponse | null>;
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

/** Methods node's HTTP server accepts but a web `Request` cannot carry (fetch forbids them). */
const forbiddenMethods = new Set(['CONNECT', 'TRACE', 'TRACK']);

/**
 * Answers through `billing.handler`. A request that no web `Request` can represent (a request target such as `//[`,
 * a TRACE) is refused here: thrown, it would be an unhandled rejection, which ends a node process.
 */
export async function answerWithHandler(
  billing: HasHandler,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let request: Request;
  try {
    request = toWebRequest(req);
  } catch {
    const method = (req.method ?? '').toUpperCase();
    writePlainResponse(
      res,
      errorReply(forbiddenMethods.has(method) ? 'method_not_allowed' : 'invalid_request'),
    );
    return;
  }
  await writeWebResponse(res, await billing.handler(request));
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

/** Writes a plain response (status, headers, bytes) to node's response: the cheapest way out. */
export function writePlainResponse(res: ServerResponse, plain: PlainResponse): void {
  // writeHead sends the head before the body is known: without a length node would fall back to chunked encoding.
  const headers =
    plain.body !== null && plain.headers['content-length'] === undefined
      ? { ...plain.headers, 'content-length': String(Buffer.byteLength(plain.body)) }
      : plain.headers;
  res.writeHead(plain.status, headers);
  res.end(plain.body ?? undefined);
}

/**
 * Answers a GET or HEAD through `billing.answerBodiless` when it can (a warm `GET /plans`), without web
 * `Request`/`Response` objects. Resolves false when the request must go through `billing.handler`.
 */
export async function answerWithoutRequest(
  billing: HasHandler,
  req: IncomingMessage,
  res: ServerResponse,
  url = req.url ?? '/',
): Promise<boolean> {
  const method = req.method;
  if (!billing.answerBodiless || (method !== 'GET' && method !== 'HEAD')) return false;
  const query = url.indexOf('?');
  const plain = await billing.answerBodiless({
    method,
    path: query === -1 ? url : url.slice(0, query),
    query: query === -1 ? null : url.slice(query),
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
  });
  if (!plain) return false;
  writePlainResponse(res, plain);
  return true;
}

/**
 * Adapts Plankit to `node:http`: `http.createServer(toNodeHandler(billing))`, or call it from your own server for
 * paths below `billing.basePath`.
 */
export function toNodeHandler(
  billing: HasHandler,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (await answerWithoutRequest(billing, req, res)) return;
    await answerWithHandler(billing, req, res);
  };
}
