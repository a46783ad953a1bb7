import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultQueue } from '../control/faults.js';
import type { RequestLogEntry } from '../control/request-log.js';
import { API_VERSION, type Engine } from '../engine.js';
import { newId } from '../state/ids.js';
import { applyExpand, type Includer } from '../wire/expand.js';
import { decodeForm, type ParamObject } from '../wire/form.js';
import type { IdempotencyStore } from '../wire/idempotency.js';
import { Params } from '../wire/params.js';
import { type CompiledRoute, matchRoute } from '../wire/route.js';
import { StripeApiError } from '../wire/stripe-error.js';

/** A non-API handler (hosted pages, control API): returns false when it does not handle the path. */
export type RawHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
) => Promise<boolean>;

export interface HttpServerDeps {
  engine: Engine;
  routes: CompiledRoute[];
  includers: Record<string, Includer>;
  idempotency: IdempotencyStore;
  faults: FaultQueue;
  log: RequestLogEntry[];
  rawHandlers: RawHandler[];
  /** Runs after every request that may have changed state (persistence). */
  afterWrite: () => void;
}

const KEY = /^(sk|rk)_test_[A-Za-z0-9_]+$/;

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

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(deps: HttpServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const body = await readBody(req);
  if (!url.pathname.startsWith('/v1/')) {
    for (const raw of deps.rawHandlers) {
      if (await raw(req, res, url, body)) return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  await handleApi(deps, req, res, url, body);
}

async function handleApi(
  deps: HttpServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: string,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const query = url.search.length > 1 ? url.search.slice(1) : '';
  let raw: ParamObject;
  try {
    raw = decodeForm(method === 'POST' ? [query, body].filter(Boolean).join('&') : query);
  } catch {
    raw = {};
  }
  const idempotencyKey = header(req, 'idempotency-key');
  const entry: RequestLogEntry = { method, path, params: raw, status: 0, at: Date.now() };
  if (idempotencyKey) entry.idempotencyKey = idempotencyKey;
  deps.log.push(entry);
  const requestId = newId('req', 14);
  const headers: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': API_VERSION };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

  const fault = deps.faults.take(method, path);
  if (fault?.fault === 'drop') {
    req.socket.destroy();
    return;
  }
  if (fault?.fault === 'delay') await sleep(fault.delayMs);
  if (fault?.fault === 'rate_limit') {
    entry.status = 429;
    const err = new StripeApiError(
      429,
      'invalid_request_error',
      'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
      'rate_limit',
    );
    sendJson(res, 429, err.toBody(), headers);
    return;
  }
  if (fault?.fault === 'api_error') {
    entry.status = 500;
    const err = new StripeApiError(
      500,
      'api_error',
      'An unknown error occurred while processing your request.',
    );
    sendJson(res, 500, err.toBody(), headers);
    return;
  }

  const paramsKey = JSON.stringify(raw);
  try {
    authenticate(req);
    if (method === 'POST' && idempotencyKey) {
      const hit = deps.idempotency.lookup(idempotencyKey, method, path, paramsKey);
      if (hit) {
        entry.status = hit.status;
        res.writeHead(hit.status, {
          ...headers,
          'Content-Type': 'application/json',
          'Idempotent-Replayed': 'true',
          'Original-Request': requestId,
        });
        res.end(hit.body);
        return;
      }
    }
    const matched = matchRoute(deps.routes, method, path);
    if (!matched) {
      throw new StripeApiError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }
    const params = new Params(raw);
    const expand = params.strList('expand') ?? [];
    deps.engine.currentRequest = { id: requestId, idempotencyKey: idempotencyKey ?? null };
    let result: unknown;
    try {
      result = matched.route.handler({
        engine: deps.engine,
        params,
        path: matched.params,
        method,
        url: path,
      });
    } finally {
      deps.engine.currentRequest = null;
    }
    const rendered = renderResponse(deps.engine, result);
    const expanded = applyExpand(deps.engine, rendered, expand, deps.includers);
    const text = JSON.stringify(expanded);
    entry.status = 200;
    if (method === 'POST' && idempotencyKey) {
      deps.idempotency.save(idempotencyKey, { method, path, params: paramsKey, status: 200, body: text });
    }
    if (method !== 'GET') deps.afterWrite();
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
    res.end(text);
  } catch (err) {
    const error = apiError(err);
    entry.status = error.status;
    const text = JSON.stringify(error.toBody());
    // Card errors happen while executing (the request "started"), so Stripe saves them for replay.
    if (method === 'POST' && idempotencyKey && error.status === 402) {
      deps.idempotency.save(idempotencyKey, { method, path, params: paramsKey, status: 402, body: text });
    }
    if (method !== 'GET') deps.afterWrite();
    res.writeHead(error.status, { ...headers, 'Content-Type': 'application/json' });
    res.end(text);
  }
}

function renderResponse(engine: Engine, result: unknown): unknown {
  if (result && typeof result === 'object') {
    const r = result as { object?: string; data?: unknown[] };
    if ((r.object === 'list' || r.object === 'search_result') && Array.isArray(r.data)) {
      return { ...r, data: r.data.map((d) => engine.render(d)) };
    }
    return engine.render(result);
  }
  return result;
}

function apiError(err: unknown): StripeApiError {
  if (err instanceof StripeApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StripeApiError(500, 'api_error', `Emulator internal error: ${message}`);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function authenticate(req: IncomingMessage): void {
  const auth = header(req, 'authorization');
  let key: string | undefined;
  if (auth?.startsWith('Bearer ')) key = auth.slice(7).trim();
  else if (auth?.startsWith('Basic '))
    key = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':')[0];
  if (!key) {
    throw new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (!KEY.test(key)) {
    const masked =
      key.length > 8
        ? `${key.slice(0, 8)}${'*'.repeat(Math.max(4, key.length - 12))}${key.slice(-4)}`
        : '****';
    throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${masked}`);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
