import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorSeed } from '../seed.js';
import type { RawHandler } from '../server/http-server.js';
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
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function parse(body: string): Record<string, unknown> {
  if (!body.trim()) return {};
  return JSON.parse(body) as Record<string, unknown>;
}

/**
 * `/_emulator/*`: JSON control endpoints for tests and the demo (never logged as Stripe calls).
 * POST reset, POST seed, POST clock/advance {seconds}, GET clock, POST faults {FaultSpec} (path may be
 * "/regex/"), DELETE faults, GET requests, DELETE requests, POST webhooks/flush.
 */
export function controlHandler(target: ControlTarget): RawHandler {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => {
    if (!url.pathname.startsWith('/_emulator/')) return false;
    const route = `${req.method} ${url.pathname.slice('/_emulator'.length)}`;
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
          const spec = parse(body) as unknown as FaultSpec;
          const path = spec.match?.path;
          // JSON cannot carry a RegExp: "/pattern/" (not starting with /v1) is read as one.
          if (typeof path === 'string' && path.length > 2 && path.endsWith('/') && !path.startsWith('/v1')) {
            spec.match = { ...spec.match, path: new RegExp(path.slice(1, -1)) };
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
