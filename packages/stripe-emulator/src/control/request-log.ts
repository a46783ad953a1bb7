import type { ParamObject } from '../wire/form.js';

/** One `/v1` call as the emulator saw it (control and page requests are not logged). */
export interface RequestLogEntry {
  method: string;
  /** Path without query string, e.g. `/v1/customers/cus_123`. */
  path: string;
  /** Decoded form or query params. */
  params: ParamObject;
  idempotencyKey?: string;
  /** HTTP status sent; 0 when the connection was dropped by an injected fault. */
  status: number;
  /** Wall-clock time (ms since epoch) the request arrived. */
  at: number;
}
