import type { HasHandler } from './node';

/** Route handlers for Next.js (App Router). */
export interface NextHandlers {
  GET: (request: Request) => Promise<Response>;
  HEAD: (request: Request) => Promise<Response>;
  POST: (request: Request) => Promise<Response>;
  OPTIONS: (request: Request) => Promise<Response>;
}

/**
 * Next.js App Router handlers, for `app/api/billing/[...plankit]/route.ts`:
 * `export const { GET, POST, OPTIONS } = toNextHandlers(billing);` (and `export const runtime = 'nodejs'`).
 * Next's request is a web `Request`, so the raw body reaches the webhook untouched.
 */
export function toNextHandlers(billing: HasHandler): NextHandlers {
  const handle = (request: Request) => billing.handler(request);
  return { GET: handle, HEAD: handle, POST: handle, OPTIONS: handle };
}
