import type { IncomingMessage, ServerResponse } from 'node:http';
import { StripeApiError } from '../wire/stripe-error.js';

/** Largest request body accepted (Stripe's API refuses large bodies too; nothing Plankit sends comes close). */
export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function tooLarge(res: ServerResponse, headers: Record<string, string> = {}): void {
  const err = new StripeApiError(413, 'invalid_request_error', 'Request body too large.');
  res.writeHead(413, { ...headers, 'Content-Type': 'application/json', Connection: 'close' });
  res.end(JSON.stringify(err.toBody()));
}
