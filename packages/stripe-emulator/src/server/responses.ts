import type { ServerResponse } from 'node:http';
import { StripeApiError } from '../wire/stripe-error.js';

export function apiError(err: unknown): StripeApiError {
  if (err instanceof StripeApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StripeApiError(500, 'api_error', `Emulator internal error: ${message}`);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
