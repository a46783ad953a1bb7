import type { ErrorCode } from '@plankit/core';

/** An error answered by Plankit's server (or a failed request), with the server's stable `code`. */
export class PlankitError extends Error {
  readonly code: ErrorCode;
  /** The HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  /** How long the server asked to wait before trying again (its `Retry-After`), in ms; undefined without one. */
  readonly retryAfterMs: number | undefined;
  constructor(
    code: ErrorCode,
    status: number,
    message: string,
    details?: Record<string, unknown>,
    retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PlankitError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Whether a value is a {@link PlankitError} with this code. */
export function isPlankitError(error: unknown, code?: ErrorCode): error is PlankitError {
  return error instanceof PlankitError && (code === undefined || error.code === code);
}
