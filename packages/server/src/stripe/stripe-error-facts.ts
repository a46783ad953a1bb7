/** What kind of refusal a Stripe error is, whatever copy of the SDK (or raw JSON) it came from. */
export type StripeErrorKind =
  | 'card'
  | 'invalid_request'
  | 'api'
  | 'rate_limit'
  | 'connection'
  | 'authentication'
  | 'permission'
  | 'idempotency'
  | 'conflict';

/** The facts Plankit reads from a Stripe error. */
export interface StripeErrorFacts {
  kind: StripeErrorKind;
  statusCode: number | undefined;
  code: string | undefined;
  param: string | undefined;
  headers: Record<string, string | undefined>;
}

/** The SDK's class names, which every copy and version of stripe-node puts in `error.type`. */
const sdkTypes: Record<string, StripeErrorKind> = {
  StripeCardError: 'card',
  StripeInvalidRequestError: 'invalid_request',
  StripeAPIError: 'api',
  StripeRateLimitError: 'rate_limit',
  StripeConnectionError: 'connection',
  StripeAuthenticationError: 'authentication',
  StripePermissionError: 'permission',
  StripeIdempotencyError: 'idempotency',
};

/** The `type` of Stripe's JSON error body (`rawType` on SDK errors). */
const rawTypes: Record<string, StripeErrorKind> = {
  card_error: 'card',
  invalid_request_error: 'invalid_request',
  api_error: 'api',
  idempotency_error: 'idempotency',
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Recognizes a Stripe error by its `type`, as Stripe's docs recommend, never by `instanceof`: an app's `stripe`
 * instance may come from another copy of the SDK (CommonJS next to ESM, another version), whose error classes are
 * not ours. Accepts SDK errors (`type: 'StripeCardError'`, `rawType`) and Stripe's raw error shape
 * (`{ type: 'card_error', ... }`, alone or under `raw`). Returns null for anything else.
 */
export function stripeErrorFacts(error: unknown): StripeErrorFacts | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as Record<string, unknown>;
  const raw = (typeof e.raw === 'object' && e.raw !== null ? e.raw : {}) as Record<string, unknown>;
  const type = text(e.type);
  const rawType = text(e.rawType) ?? text(raw.type) ?? type;
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = text(e.code) ?? text(raw.code);
  let kind = (type !== undefined ? sdkTypes[type] : undefined) ?? (rawType ? rawTypes[rawType] : undefined);
  if (!kind) return null;
  if (statusCode === 429 || code === 'rate_limit') kind = 'rate_limit';
  // A concurrent request on the same key: Stripe answers 409, which the SDK raises as a StripeAPIError.
  if (rawType === 'idempotency_error' && statusCode === 409) kind = 'conflict';
  const headers = (typeof e.headers === 'object' && e.headers !== null ? e.headers : {}) as Record<
    string,
    string | undefined
  >;
  return { kind, statusCode, code, param: text(e.param) ?? text(raw.param), headers };
}
