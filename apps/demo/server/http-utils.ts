import type { IncomingMessage, ServerResponse } from 'node:http';

/** Reads a small request body (the demo's own JSON routes); refuses anything over `limit` bytes. */
export async function readBody(request: IncomingMessage, limit = 16 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new Error('Request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses a JSON body, or returns null for anything that is not a JSON object. */
export async function readJsonObject(request: IncomingMessage): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = JSON.parse((await readBody(request)).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/**
 * The demo's own mutations accept only same-origin browser requests: a JSON body (which a cross-site form
 * cannot send without a preflight) and, when present, an Origin equal to the demo's.
 */
export function isSameOriginJson(request: IncomingMessage, origin: string): boolean {
  const requestOrigin = request.headers.origin;
  if (requestOrigin !== undefined && requestOrigin !== origin) return false;
  if (request.method === 'DELETE') return true;
  return (request.headers['content-type'] ?? '').startsWith('application/json');
}
