import { PlankitError } from '../http/plankit-error';
import { type StripeErrorFacts, stripeErrorFacts } from './stripe-error-facts';

/** How long clients should wait after Stripe was unavailable, when Stripe did not say. */
const defaultRetryAfterSeconds = 2;

function retryAfter(facts: StripeErrorFacts): string {
  const header = facts.headers['retry-after'];
  const seconds = header !== undefined ? Number(header) : Number.NaN;
  return String(Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : defaultRetryAfterSeconds);
}

function unavailable(facts: StripeErrorFacts): PlankitError {
  return new PlankitError('stripe_unavailable', { headers: { 'retry-after': retryAfter(facts) } });
}

/**
 * Maps an error thrown by the Stripe SDK (after its own retries) to a Plankit error, or returns null for
 * anything that is not a Stripe error. Card errors -> 402, invalid requests -> 400, rate limits, API and
 * connection errors -> 503 with Retry-After. Stripe's message goes to the server log, not to the client.
 * Errors are recognized by their type (see {@link stripeErrorFacts}), so any copy of the SDK works.
 */
export function mapStripeError(error: unknown): PlankitError | null {
  const facts = stripeErrorFacts(error);
  if (!facts) return null;
  switch (facts.kind) {
    case 'card':
      return new PlankitError('card_declined');
    case 'rate_limit':
    case 'api':
    case 'connection':
    case 'conflict':
      return unavailable(facts);
    case 'invalid_request':
      if (facts.statusCode !== undefined && facts.statusCode >= 500) return unavailable(facts);
      if (facts.param?.includes('promotion_code')) return new PlankitError('invalid_promotion_code');
      return new PlankitError('stripe_rejected', facts.code ? { details: { stripeCode: facts.code } } : {});
    case 'idempotency':
      return new PlankitError('checkout_in_progress');
    default:
      // Authentication and permission errors are setup problems: the client cannot fix them.
      return unavailable(facts);
  }
}

/** Whether Stripe said the object does not exist (for example a deleted customer still cached). */
export function isResourceMissing(error: unknown, param?: string): boolean {
  const facts = stripeErrorFacts(error);
  return (
    facts?.kind === 'invalid_request' &&
    facts.code === 'resource_missing' &&
    (param === undefined || facts.param === param)
  );
}

/** Whether Stripe refused an idempotency key: reused with other parameters, or in use by a concurrent request. */
export function isIdempotencyConflict(error: unknown): boolean {
  const kind = stripeErrorFacts(error)?.kind;
  return kind === 'idempotency' || kind === 'conflict';
}

/** Whether Stripe declined a payment (card errors). */
export function isCardError(error: unknown): boolean {
  return stripeErrorFacts(error)?.kind === 'card';
}
