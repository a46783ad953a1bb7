import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TakenFault } from '../control/faults.js';
import type { RequestLogEntry } from '../control/request-log.js';
import type { Engine } from '../engine.js';
import { applyExpand } from '../wire/expand.js';
import type { ParamObject } from '../wire/form.js';
import { Params } from '../wire/params.js';
import { matchRoute } from '../wire/route.js';
import { StripeApiError } from '../wire/stripe-error.js';
import { apiError, sendJson } from './responses.js';
import type { HttpServerDeps } from './server-deps.js';

interface Execution {
  method: string;
  path: string;
  raw: ParamObject;
  paramsKey: string;
  idempotencyKey: string | undefined;
  requestId: string;
  headers: Record<string, string>;
  entry: RequestLogEntry;
  fault: TakenFault | undefined;
}

export async function execute(deps: HttpServerDeps, res: ServerResponse, x: Execution): Promise<void> {
  const { method, path, idempotencyKey, headers, entry, fault } = x;
  if (fault?.fault === 'delay') await sleep(fault.delayMs);
  if (fault?.fault === 'hold' && (await fault.gate.wait()) === 'refuse') {
    // Its faults were cleared (a test ended) or the emulator closed: answer without handling it.
    entry.status = 500;
    const err = new StripeApiError(
      500,
      'api_error',
      'The emulator dropped this held request (faults cleared).',
    );
    sendJson(res, 500, err.toBody(), headers);
    return;
  }
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
      throw new StripeApiError(
        500,
        'api_error',
        fault.message ?? 'An unknown error occurred while processing your request.',
      );
    }
    if (fault?.fault === 'invalid_request') {
      saveable = false;
      throw new StripeApiError(
        400,
        'invalid_request_error',
        fault.message ?? 'Injected invalid request (emulator fault).',
        fault.code,
      );
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
