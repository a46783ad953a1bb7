import type { Engine } from '../engine.js';
import type { RawHandler } from '../server/http-server.js';

/** Hosted Checkout and portal pages. */
export function pageHandler(engine: Engine): RawHandler {
  void engine;
  return async () => false;
}
