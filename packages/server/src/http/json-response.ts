import { type ErrorCode, errorBody, errorCodes } from '@plankit/core';
import { type PlainResponse, toWebResponse } from './plain-response';

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Options of an error reply. */
export interface ErrorReplyOptions {
  message?: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A JSON reply as plain data; private and uncacheable unless headers say otherwise. */
export function jsonReply(body: unknown, status = 200, headers: Record<string, string> = {}): PlainResponse {
  return { status, headers: { ...baseHeaders, ...headers }, body: JSON.stringify(body) };
}

/** A JSON response; private and uncacheable unless headers say otherwise. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return toWebResponse(jsonReply(body, status, headers));
}

/** An error reply with the core code's status and message. */
export function errorReply(code: ErrorCode, options: ErrorReplyOptions = {}): PlainResponse {
  return jsonReply(
    errorBody(code, options.message, options.details),
    errorCodes[code].status,
    options.headers,
  );
}

/** An error response with the core code's status and message. */
export function errorResponse(code: ErrorCode, options: ErrorReplyOptions = {}): Response {
  return toWebResponse(errorReply(code, options));
}
