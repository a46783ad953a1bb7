import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookOutage } from '../events/webhooks.js';
import type { EmulatorSeed } from '../seed.js';
import type { RawHandler } from '../server/server-deps.js';
import type { FaultSpec } from './faults.js';
import type { RequestLogEntry } from './request-log.js';

/** The control functions the HTTP control API exposes (a subset of the Emulator object). */
export interface ControlTarget {
  reset(): void;
  loadSeed(seed: EmulatorSeed): Promise<void>;
  advanceClock(seconds: number): void;
  now(): number;
  failNext(spec: FaultSpec): void;
  clearFaults(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  waitForWebhooks(): Promise<void>;
  configureWebhooks(outage: WebhookOutage): void;
  redeliverDroppedWebhooks(): number;
}

/** `{ down?: boolean, dropShare?: number }` from JSON, refusing anything else. */
function readOutage(body: Record<string, unknown>): WebhookOutage {
  const outage: WebhookOutage = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'down' && typeof value === 'boolean') outage.down = value;
    else if (key === 'dropShare' && typeof value === 'number') outage.dropShare = value;
    else
      throw new Error(
        `Unknown or invalid webhook setting ${key}: give down (boolean) or dropShare (0 to 1).`,
      );
  }
  return outage;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function parse(body: string): Record<string, unknown> {
  if (!body.trim()) return {};
  return JSON.parse(body, (key, value: unknown) => {
    if (FORBIDDEN_KEYS.has(key)) throw new Error(`Refused key ${key}`);
    return value;
  }) as Record<string, unknown>;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why a control request must be refused, or null. The control API can reset state and inject faults, and it runs
 * inside dev servers, so only same-machine, same-origin callers are served: the Host must be loopback on this port
 * (no DNS rebinding), a browser's Origin must be the emulator's own, no cross-site fetch metadata, and a request
 * that is not a GET must say `Content-Type: application/json` (which a cross-site form or simple fetch cannot send).
 */
export function refuseControlRequest(req: IncomingMessage): string | null {
  const port = req.socket.localPort;
  const host = (req.headers.host ?? '').toLowerCase();
  const allowed = LOOPBACK_HOSTS.map((h) => `${h}:${port}`);
  if (!allowed.includes(host)) return 'Host must be the emulator on loopback.';
  const origin = req.headers.origin;
  if (origin !== undefined && !allowed.map((h) => `http://${h}`).includes(origin.toLowerCase())) {
    return 'Cross-origin control requests are refused.';
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return 'Cross-site control requests are refused.';
  }
  if (req.method !== 'GET' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    return 'Control requests must be JSON (Content-Type: application/json).';
  }
  return null;
}

/**
 * `/_emulator/*`: JSON control endpoints for tests and the demo (never logged as Stripe calls).
 * POST reset, POST seed, POST clock/advance {seconds}, GET clock, POST faults {FaultSpec} (path exact or prefix),
 * DELETE faults, GET requests, DELETE requests, POST webhooks/flush, POST webhooks/configure {down, dropShare},
 * POST webhooks/redeliver-dropped.
 */
export function controlHandler(target: ControlTarget): RawHandler {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => {
    if (!url.pathname.startsWith('/_emulator/')) return false;
    const route = `${req.method} ${url.pathname.slice('/_emulator'.length)}`;
    const refused = refuseControlRequest(req);
    if (refused) {
      json(res, 403, { error: { message: refused } });
      return true;
    }
    try {
      switch (route) {
        case 'POST /reset':
          target.reset();
          json(res, 200, { ok: true });
          return true;
        case 'POST /seed':
          await target.loadSeed(parse(body) as EmulatorSeed);
          json(res, 200, { ok: true });
          return true;
        case 'POST /clock/advance': {
          const seconds = Number(parse(body).seconds ?? url.searchParams.get('seconds'));
          target.advanceClock(seconds);
          json(res, 200, { now: target.now() });
          return true;
        }
        case 'GET /clock':
          json(res, 200, { now: target.now() });
          return true;
        case 'POST /faults': {
          // `match.path` stays a string (exact or prefix): no regular expression is ever built from a request.
          const spec = parse(body) as unknown as FaultSpec;
          if (spec.match?.path !== undefined && typeof spec.match.path !== 'string') {
            throw new Error('match.path must be a string (an exact path or a prefix).');
          }
          const query: unknown = spec.match?.query;
          const textValues = (value: object) => Object.values(value).every((v) => typeof v === 'string');
          if (query !== undefined && (typeof query !== 'object' || query === null || !textValues(query))) {
            // A number or a list would never equal a query parameter: the fault would silently never fire.
            throw new Error('match.query must map parameter names to string values.');
          }
          target.failNext(spec);
          json(res, 200, { ok: true });
          return true;
        }
        case 'DELETE /faults':
          target.clearFaults();
          json(res, 200, { ok: true });
          return true;
        case 'GET /requests':
          json(res, 200, { data: target.requestLog() });
          return true;
        case 'DELETE /requests':
          target.clearRequestLog();
          json(res, 200, { ok: true });
          return true;
        case 'POST /webhooks/flush':
          await target.waitForWebhooks();
          json(res, 200, { ok: true });
          return true;
        case 'POST /webhooks/configure':
          target.configureWebhooks(readOutage(parse(body)));
          json(res, 200, { ok: true });
          return true;
        case 'POST /webhooks/redeliver-dropped':
          json(res, 200, { redelivered: target.redeliverDroppedWebhooks() });
          return true;
        default:
          json(res, 404, { error: { message: `Unknown control route ${route}` } });
          return true;
      }
    } catch (err) {
      json(res, 400, { error: { message: err instanceof Error ? err.message : String(err) } });
      return true;
    }
  };
}
