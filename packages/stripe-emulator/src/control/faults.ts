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
  /** Only requests matching these fail; a string path matches exactly or as a prefix. */
  match?: { method?: string; path?: string | RegExp };
}

/**
 * A request held before it is handled until the test releases it: a race set up step by step instead of by a
 * guessed delay. Requests that match after the first are not held.
 */
export interface RequestHold {
  /** Resolves once a matching request is held. */
  readonly reached: Promise<void>;
  /** Lets the held request go on (before it arrives: it is not held at all). */
  release(): void;
}

/** The fault a request takes: what to do and its details. */
export interface TakenFault {
  fault: FaultSpec['fault'] | 'hold';
  delayMs: number;
  executing: boolean;
  code: string;
  message: string | undefined;
  /** For a hold: resolves when the test releases the request, or at the hold's time limit. */
  released?: Promise<void>;
}

interface ActiveFault extends TakenFault {
  remaining: number;
  method?: string;
  path?: string | RegExp;
  arrived?: () => void;
}

/** Queue of injected faults, consumed by matching requests in order. */
export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const active: ActiveFault = {
      fault: spec.fault,
      delayMs: spec.delayMs ?? 1000,
      executing: spec.executing ?? false,
      code: spec.code ?? 'parameter_invalid',
      message: spec.message,
      remaining: spec.count ?? 1,
    };
    if (spec.match?.method) active.method = spec.match.method.toUpperCase();
    if (spec.match?.path) active.path = spec.match.path;
    this.faults.push(active);
  }

  /** Holds the next matching request until released, or for at most `limitMs` (so a test that fails early ends). */
  hold(match: FaultSpec['match'], limitMs: number): RequestHold {
    let arrived = () => {};
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      const limit = setTimeout(resolve, limitMs);
      limit.unref();
      release = () => {
        clearTimeout(limit);
        resolve();
      };
    });
    const active: ActiveFault = {
      fault: 'hold',
      delayMs: 0,
      executing: false,
      code: '',
      message: undefined,
      released,
      arrived,
      remaining: 1,
    };
    if (match?.method) active.method = match.method.toUpperCase();
    if (match?.path) active.path = match.path;
    this.faults.push(active);
    return { reached, release };
  }

  /** Takes the first fault matching the request, if any. */
  take(method: string, path: string): TakenFault | undefined {
    const index = this.faults.findIndex(
      (f) =>
        (!f.method || f.method === method) &&
        (!f.path ||
          (typeof f.path === 'string' ? path === f.path || path.startsWith(f.path) : f.path.test(path))),
    );
    const found = this.faults[index];
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.faults.splice(index, 1);
    found.arrived?.();
    const { fault, delayMs, executing, code, message, released } = found;
    return released
      ? { fault, delayMs, executing, code, message, released }
      : { fault, delayMs, executing, code, message };
  }

  clear(): void {
    this.faults = [];
  }
}
