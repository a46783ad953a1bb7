import { RequestGate, type RequestHold } from './request-holds.js';

/** A failure the emulator injects into upcoming `/v1` requests. */
export interface FaultSpec {
  /** How many matching requests fail (default 1). */
  count?: number;
  /**
   * 429 rate_limit, 500 api_error, a 400 invalid_request_error (with `code`, refused before executing), a delay
   * before normal handling, or a dropped connection.
   */
  fault: 'rate_limit' | 'api_error' | 'invalid_request' | 'delay' | 'drop';
  /** For `invalid_request`: the error's `code` (default `parameter_invalid`). */
  code?: string;
  /** For `api_error` and `invalid_request`: the error's message, to mimic a particular answer of Stripe's. */
  message?: string;
  /** For `delay`: milliseconds to wait (default 1000). */
  delayMs?: number;
  /**
   * For `api_error`: the endpoint had started executing when it failed, so (as Stripe does) the 500 is saved for
   * the request's idempotency key and replayed to a retry with that key. Default false: refused before executing.
   */
  executing?: boolean;
  /**
   * Only requests matching these fail; a string path matches exactly or as a prefix, and `query` needs each of its
   * parameters in the URL's query string with that value (`{ status: 'open' }` tells one list from another).
   */
  match?: { method?: string; path?: string | RegExp; query?: Record<string, string> };
}

/** The fault a request takes: what to do and its details, or the hold it waits at. */
export type TakenFault =
  | {
      fault: FaultSpec['fault'];
      delayMs: number;
      executing: boolean;
      code: string;
      message: string | undefined;
    }
  | { fault: 'hold'; gate: RequestGate };

interface ActiveFault {
  taken: TakenFault;
  remaining: number;
  method?: string;
  path?: string | RegExp;
  query?: Record<string, string>;
}

/** Queue of injected faults and holds, consumed by matching requests in order. */
export class FaultQueue {
  private faults: ActiveFault[] = [];
  /** Every hold handed out and not yet cleared, held or still waiting for its request. */
  private gates: RequestGate[] = [];

  add(spec: FaultSpec): void {
    this.push(
      {
        fault: spec.fault,
        delayMs: spec.delayMs ?? 1000,
        executing: spec.executing ?? false,
        code: spec.code ?? 'parameter_invalid',
        message: spec.message,
      },
      spec.count ?? 1,
      spec.match,
    );
  }

  /** Holds the next matching request until released, or for at most `limitMs` once it is held. */
  hold(match: FaultSpec['match'], limitMs: number): RequestHold {
    const gate = new RequestGate(limitMs);
    this.gates.push(gate);
    this.push({ fault: 'hold', gate }, 1, match);
    return gate;
  }

  private push(taken: TakenFault, count: number, match: FaultSpec['match']): void {
    const active: ActiveFault = { taken, remaining: count };
    if (match?.method) active.method = match.method.toUpperCase();
    if (match?.path) active.path = match.path;
    if (match?.query) active.query = match.query;
    this.faults.push(active);
  }

  /** Takes the first fault matching the request, if any. */
  take(method: string, path: string, query: URLSearchParams): TakenFault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (!f.method || f.method === method) &&
        (!f.path ||
          (typeof f.path === 'string' ? path === f.path || path.startsWith(f.path) : f.path.test(path))) &&
        Object.entries(f.query ?? {}).every(([name, value]) => query.get(name) === value),
    );
    const found = this.faults[index];
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.faults.splice(index, 1);
    return found.taken;
  }

  /** Drops the queued faults; a request held now is refused unhandled, so it cannot land in a later test's state. */
  clear(): void {
    this.faults = [];
    for (const gate of this.gates) gate.refuse();
    this.gates = [];
  }
}
