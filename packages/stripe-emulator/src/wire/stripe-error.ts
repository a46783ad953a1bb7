/** The `type` field of a Stripe error body. */
export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'api_error' | 'idempotency_error';

/** The JSON error body Stripe sends: `{ error: { type, code, message, param, ... } }`. */
export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    doc_url?: string;
    request_log_url?: string;
    payment_method?: unknown;
  };
}

/** Thrown by handlers; the server turns it into Stripe's status code and error body. */
export class StripeApiError extends Error {
  /**
   * True for a refusal by parameter validation, before the endpoint starts executing: Stripe saves no idempotent
   * result for it, so the same key can be used again with corrected parameters.
   */
  validation = false;

  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly code?: string,
    readonly param?: string,
    readonly declineCode?: string,
  ) {
    super(message);
  }

  toBody(): StripeErrorBody {
    const error: StripeErrorBody['error'] = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    }
    if (this.param !== undefined) error.param = this.param;
    if (this.declineCode) error.decline_code = this.declineCode;
    return { error };
  }
}

function validation(error: StripeApiError): StripeApiError {
  error.validation = true;
  return error;
}

/** A 400 from parameter validation (types, formats, enums): nothing is saved for its idempotency key. */
export function invalidParam(message: string, param?: string, code?: string): StripeApiError {
  return validation(new StripeApiError(400, 'invalid_request_error', message, code, param));
}

/**
 * `No such customer: 'cus_x'` (resource_missing): 404 for the object the URL names (`param` 'id'), 400 for a bad
 * id inside the request (a price in `items[]`, the `customer` param), as Stripe answers.
 */
export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(
    param === 'id' ? 404 : 400,
    'invalid_request_error',
    `No such ${kind}: '${id}'`,
    'resource_missing',
    param,
  );
}

export function parameterMissing(param: string): StripeApiError {
  return validation(
    new StripeApiError(
      400,
      'invalid_request_error',
      `Missing required param: ${param}.`,
      'parameter_missing',
      param,
    ),
  );
}

export function parameterUnknown(param: string): StripeApiError {
  return validation(
    new StripeApiError(
      400,
      'invalid_request_error',
      `Received unknown parameter: ${param}`,
      'parameter_unknown',
      param,
    ),
  );
}

export function parameterInvalidEmpty(param: string): StripeApiError {
  return validation(
    new StripeApiError(
      400,
      'invalid_request_error',
      `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
      'parameter_invalid_empty',
      param,
    ),
  );
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, code, param);
}

export function invalidInteger(param: string, value: string): StripeApiError {
  return validation(
    new StripeApiError(
      400,
      'invalid_request_error',
      `Invalid integer: ${value}`,
      'parameter_invalid_integer',
      param,
    ),
  );
}

export function invalidEnum(param: string, allowed: readonly string[]): StripeApiError {
  return validation(
    new StripeApiError(
      400,
      'invalid_request_error',
      `Invalid ${param.replace(/.*\[|\]$/g, '')}: must be one of ${allowed.join(', ')}`,
      undefined,
      param,
    ),
  );
}

/** The decline Stripe returns for test card 4000 0000 0000 0002 / pm_card_chargeDeclined. */
export function cardDeclined(param = ''): StripeApiError {
  return new StripeApiError(
    402,
    'card_error',
    'Your card was declined.',
    'card_declined',
    param,
    'generic_decline',
  );
}
