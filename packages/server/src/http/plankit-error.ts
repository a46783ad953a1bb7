import type { ErrorCode } from '@plankit/core';

/** Options of a {@link PlankitError}. */
export interface PlankitErrorOptions {
  /** Sent to the client instead of core's default message; never put internals here. */
  message?: string;
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** An error the handler turns into `{ error: { code, message, details? } }` with the code's status. */
export class PlankitError extends Error {
  readonly code: ErrorCode;
  readonly publicMessage: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: PlankitErrorOptions = {}) {
    super(options.message ?? code);
    this.name = 'PlankitError';
    this.code = code;
    this.publicMessage = options.message;
    this.details = options.details;
    this.headers = options.headers;
  }
}
