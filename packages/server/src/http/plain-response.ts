/**
 * A response as plain data: what routes produce before it becomes a web `Response`, and what the node and Express
 * adapters can write directly (no web `Request`/`Response` objects for a warm `GET /plans`).
 */
export interface PlainResponse {
  status: number;
  /** Header names in lower case. May be shared between responses: never mutate it. */
  headers: Readonly<Record<string, string>>;
  body: string | Uint8Array<ArrayBuffer> | null;
}

/** The web `Response` of a plain one. */
export function toWebResponse(plain: PlainResponse): Response {
  return new Response(plain.body, { status: plain.status, headers: plain.headers });
}

/** A body-less request (GET or HEAD) as the adapters see it, before any web `Request` exists. */
export interface BodilessRequest {
  method: 'GET' | 'HEAD';
  /** The request path without the query string, as sent (not normalized). */
  path: string;
  /** The query string with its "?" (or without), if any: `GET /plans?locale=de` reads its locale from it. */
  query?: string | null;
  /** A request header by lower-case name, or null. */
  header(name: string): string | null;
}
