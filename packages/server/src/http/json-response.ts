import { type ErrorCode, errorBody, errorCodes } from '@plankit/core';

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** A JSON response; private and uncacheable unless headers say otherwise. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...baseHeaders, ...headers } });
}

/** An error response with the core code's status and message. */
export function errorResponse(
  code: ErrorCode,
  options: { message?: string; details?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Response {
  return jsonResponse(
    errorBody(code, options.message, options.details),
    errorCodes[code].status,
    options.headers,
  );
}
