/**
 * Every error Plankit's server can answer with, its HTTP status and an English default message.
 * Codes are stable: clients switch on `code`, never on `message`.
 */
export const errorCodes = {
  unauthenticated: { status: 401, message: 'Sign in to manage billing.' },
  forbidden_origin: { status: 403, message: 'This request did not come from an allowed origin.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed on this route.' },
  not_found: { status: 404, message: 'There is no billing route at this path.' },
  unsupported_media_type: { status: 415, message: 'Send the request body as application/json.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  invalid_request: { status: 400, message: 'The request is not valid.' },
  unknown_plan: { status: 400, message: 'That plan does not exist.' },
  unknown_add_on: { status: 400, message: 'That add-on does not exist for this plan.' },
  interval_unavailable: { status: 400, message: 'That plan is not offered with this billing interval.' },
  quantity_out_of_range: { status: 400, message: 'That quantity is outside what the plan allows.' },
  mixed_currency: { status: 400, message: 'All prices in one subscription must use the same currency.' },
  mixed_interval: {
    status: 400,
    message: 'All prices in one subscription must use the same billing interval.',
  },
  too_many_items: { status: 400, message: 'A subscription can hold at most 20 items.' },
  invalid_promotion_code: { status: 400, message: 'That promotion code is not valid.' },
  redirect_not_allowed: { status: 400, message: 'That return address is not allowed.' },
  already_subscribed: { status: 409, message: 'You already have a subscription.' },
  checkout_in_progress: { status: 409, message: 'A checkout for this account is already in progress.' },
  subscription_not_found: { status: 404, message: 'That subscription was not found.' },
  subscription_not_active: {
    status: 409,
    message: 'That subscription cannot be changed in its current state.',
  },
  no_change: { status: 400, message: 'That is already your current plan.' },
  retention_unavailable: { status: 409, message: 'No retention offer is available for this subscription.' },
  feature_disabled: { status: 404, message: 'This billing feature is not enabled.' },
  portal_not_configured: { status: 409, message: 'Billing is not set up yet.' },
  card_declined: { status: 402, message: 'The card was declined.' },
  stripe_rejected: { status: 400, message: 'Stripe rejected the request.' },
  rate_limited: { status: 429, message: 'Too many requests. Try again shortly.' },
  stripe_unavailable: { status: 503, message: 'Billing is temporarily unavailable. Try again shortly.' },
  store_unavailable: { status: 503, message: 'Billing is temporarily unavailable. Try again shortly.' },
  webhook_signature_invalid: { status: 400, message: 'The webhook signature is not valid.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A stable error code from {@link errorCodes}. */
export type ErrorCode = keyof typeof errorCodes;

/** The list of every error code, for exhaustive checks and message catalogs. */
export const errorCodeList = Object.keys(errorCodes) as ErrorCode[];

/** The JSON body of every error response: `{ error: { code, message, details? } }`. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown>;
  };
}

/** Whether a string is one of Plankit's error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

/** Builds the error body for a code, with the default message unless one is given. */
export function errorBody(code: ErrorCode, message?: string, details?: Record<string, unknown>): ErrorBody {
  const error: ErrorBody['error'] = { code, message: message ?? errorCodes[code].message };
  if (details) error.details = details;
  return { error };
}
