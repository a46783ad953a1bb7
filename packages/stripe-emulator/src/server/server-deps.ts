import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultQueue } from '../control/faults.js';
import type { RequestLogEntry } from '../control/request-log.js';
import type { Engine } from '../engine.js';
import type { Includer } from '../wire/expand.js';
import type { IdempotencyStore } from '../wire/idempotency.js';
import type { CompiledRoute } from '../wire/route.js';

/** What the HTTP server is built from, shared by its request handlers. */
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
