import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestLogEntry } from '../control/request-log.js';
import { API_VERSION } from '../engine.js';
import { newId } from '../state/ids.js';
import { decodeForm, type ParamObject } from '../wire/form.js';
import type { SavedResponse } from '../wire/idempotency.js';
import { invalidParam, StripeApiError } from '../wire/stripe-error.js';
import { authenticate, header } from './authenticate.js';
import { execute } from './execute.js';
import { BodyTooLarge, readBody, tooLarge } from './request-body.js';
import { apiError, sendJson } from './responses.js';
import type { HttpServerDeps } from './server-deps.js';

export async function handleApi(
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

  const fault = deps.faults.take(method, path, url.searchParams);
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
