import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultQueue, FaultSpec } from '../control/faults.js';
import type { RequestLogEntry } from '../control/request-log.js';
import { API_VERSION, type Engine } from '../engine.js';
import { newId } from '../state/ids.js';
import { applyExpand, type Includer } from '../wire/expand.js';
import { decodeForm, type ParamObject } from '../wire/form.js';
import type { IdempotencyStore, SavedResponse } from '../wire/idempotency.js';
import { Params } from '../wire/params.js';
import { type CompiledRoute, matchRoute } from '../wire/route.js';
import { invalidParam, StripeApiError } from '../wire/stripe-error.js';

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

/** Largest request body accepted (Stripe's API refuses large bodies too; nothing Plankit sends comes close). */
export const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(res: ServerResponse, headers: Record<string, string> = {}): void {
  const err = new StripeApiError(413, 'invalid_request_error', 'Request body too large.');
  res.writeHead(413, { ...headers, 'Content-Type': 'application/json', Connection: 'close' });
  res.end(JSON.stringify(err.toBody()));
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

async function handleApi(
  deps: HttpServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  const idempotencyKey = method === 'POST' ? header(req, 'idempotency-key') : undefined;
  const entry: RequestLogEntry = { method, path, params: {}, status: 0, at: Date.now() };
  if (idempotencyKey) entry.idempotencyKey = idempotencyKey;
  deps.log.push(entry);
  const requestId = newId('req', 14);
  const headers: Record<string, string> = { 'Request-Id': requestId, 'Stripe-Version': API_VERSION };
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  const fail = (error: StripeApiError) => {
    entry.status = error.status;
    sendJson(res, error.status, error.toBody(), headers);
  };

  const fault = deps.faults.take(method, path);
  // Authentication comes before the body is read or decoded: an anonymous caller gets nothing parsed.
  try {
    authenticate(req);
  } catch (err) {
    req.resume();
    fail(apiError(err));
    return;
  }
  let body: string;
  try {
    body = await readBody(req);
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err;
    entry.status = 413;
    tooLarge(res, headers);
    return;
  }
  const query = url.search.length > 1 ? url.search.slice(1) : '';
  let raw: ParamObject;
  try {
    raw = decodeForm(method === 'POST' ? [query, body].filter(Boolean).join('&') : query);
  } catch (err) {
    fail(err instanceof StripeApiError ? err : invalidParam('Invalid request body encoding.'));
    return;
  }
  entry.params = raw;

  if (fault?.fault === 'drop') {
    req.socket.destroy();
    return;
  }
  const paramsKey = JSON.stringify(raw);
  let saved: SavedResponse | undefined;
  try {
    if (idempotencyKey) saved = deps.idempotency.begin(idempotencyKey, method, path, paramsKey);
  } catch (err) {
    fail(apiError(err));
    return;
  }
  if (saved) {
    entry.status = saved.status;
    res.writeHead(saved.status, {
      ...headers,
      'Content-Type': 'application/json',
      'Idempotent-Replayed': 'true',
      'Original-Request': requestId,
    });
    res.end(saved.body);
    return;
  }
  try {
    await execute(deps, res, {
      method,
      path,
      raw,
      paramsKey,
      idempotencyKey,
      requestId,
      headers,
      entry,
      fault,
    });
  } finally {
    if (idempotencyKey) deps.idempotency.end(idempotencyKey);
  }
}

interface Execution {
  method: string;
  path: string;
  raw: ParamObject;
  paramsKey: string;
  idempotencyKey: string | undefined;
  requestId: string;
  headers: Record<string, string>;
  entry: RequestLogEntry;
  fault: { fault: FaultSpec['fault']; delayMs: number; executing: boolean } | undefined;
}

async function execute(deps: HttpServerDeps, res: ServerResponse, x: Execution): Promise<void> {
  const { method, path, idempotencyKey, headers, entry, fault } = x;
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
  let status = 200;
  let text: string;
  let saveable = true;
  try {
    if (fault?.fault === 'api_error') {
      // Refused before executing (nothing saved), or, with `executing`, failed while executing (saved for the key).
      saveable = fault.executing;
      throw new StripeApiError(500, 'api_error', 'An unknown error occurred while processing your request.');
    }
    const matched = matchRoute(deps.routes, method, path);
    if (!matched) {
      throw new StripeApiError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }
    const params = new Params(x.raw);
    const expand = params.strList('expand') ?? [];
    deps.engine.currentRequest = { id: x.requestId, idempotencyKey: idempotencyKey ?? null };
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
    text = JSON.stringify(applyExpand(deps.engine, rendered, expand, deps.includers));
  } catch (err) {
    const error = apiError(err);
    status = error.status;
    text = JSON.stringify(error.toBody());
    // Stripe saves whatever an executing endpoint answered (402, 500, resource_missing...), but not a refusal
    // by parameter validation, so a corrected request may reuse the key.
    if (error.validation) saveable = false;
  }
  entry.status = status;
  if (idempotencyKey && saveable) {
    deps.idempotency.save(idempotencyKey, { method, path, params: x.paramsKey, status, body: text });
  }
  if (method !== 'GET') deps.afterWrite();
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
  res.end(text);
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
