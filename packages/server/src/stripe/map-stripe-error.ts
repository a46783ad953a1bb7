import Stripe from 'stripe';
import { PlankitError } from '../http/plankit-error';

/** How long clients should wait after Stripe was unavailable, when Stripe did not say. */
const defaultRetryAfterSeconds = 2;

function retryAfter(error: Stripe.errors.StripeError): string {
  const header = error.headers?.['retry-after'];
  const seconds = header !== undefined ? Number(header) : Number.NaN;
  return String(Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : defaultRetryAfterSeconds);
}

/**
 * Maps an error thrown by the Stripe SDK (after its own retries) to a Plankit error, or returns null for
 * anything that is not a Stripe error. Card errors -> 402, invalid requests -> 400, rate limits, API and
 * connection errors -> 503 with Retry-After. Stripe's message goes to the server log, not to the client.
 */
export function mapStripeError(error: unknown): PlankitError | null {
  if (!(error instanceof Stripe.errors.StripeError)) return null;
  if (error instanceof Stripe.errors.StripeCardError) return new PlankitError('card_declined');
  if (
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeConnectionError ||
    (error.statusCode !== undefined && error.statusCode >= 500)
  ) {
    return new PlankitError('stripe_unavailable', { headers: { 'retry-after': retryAfter(error) } });
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    if (error.param?.includes('promotion_code')) return new PlankitError('invalid_promotion_code');
    return new PlankitError('stripe_rejected', error.code ? { details: { stripeCode: error.code } } : {});
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) return new PlankitError('checkout_in_progress');
  // Authentication and permission errors are setup problems: the client cannot fix them.
  return new PlankitError('stripe_unavailable', { headers: { 'retry-after': retryAfter(error) } });
}

/** Whether Stripe said the object does not exist (for example a deleted customer still cached). */
export function isResourceMissing(error: unknown, param?: string): boolean {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    error.code === 'resource_missing' &&
    (param === undefined || error.param === param)
  );
}

/** Whether Stripe refused an idempotency key reused with other parameters (a concurrent, different request). */
export function isIdempotencyConflict(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeIdempotencyError;
}
