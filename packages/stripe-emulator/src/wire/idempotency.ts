import { StripeApiError } from './stripe-error.js';

/** A saved result: Stripe replays it for 24 hours after the first request. */
export interface SavedResponse {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
  /** Emulator time (unix seconds) the result was saved at. */
  at: number;
}

/** How long Stripe keeps a key's result: 24 hours, on the emulator's clock (so `advanceClock` expires keys). */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/**
 * Stripe's idempotency, as documented: once an endpoint has started executing, its first result for a key is
 * saved whatever it is (errors included) and replayed with `Idempotent-Replayed: true`; a request refused by
 * parameter validation, or colliding with a concurrent request on the same key, saves nothing; the same key with
 * other parameters is an `idempotency_error`; keys expire after 24 hours.
 */
export class IdempotencyStore {
  private saved = new Map<string, SavedResponse>();
  private inFlight = new Set<string>();

  constructor(private readonly now: () => number) {}

  /** The saved result for the key, or undefined; throws Stripe's errors for a concurrent or mismatched reuse. */
  begin(key: string, method: string, path: string, params: string): SavedResponse | undefined {
    const hit = this.saved.get(key);
    if (hit && this.now() - hit.at >= IDEMPOTENCY_TTL_SECONDS) this.saved.delete(key);
    else if (hit) {
      if (hit.method !== method || hit.path !== path || hit.params !== params) {
        throw new StripeApiError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      return hit;
    }
    if (this.inFlight.has(key)) {
      throw new StripeApiError(
        409,
        'idempotency_error',
        'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ' +
          `${key}. Please try again later.`,
      );
    }
    this.inFlight.add(key);
    return undefined;
  }

  /** Saves the first result of a request that started executing. */
  save(key: string, entry: Omit<SavedResponse, 'at'>): void {
    this.saved.set(key, { ...entry, at: this.now() });
  }

  /** Ends a request begun with {@link begin}, saved or not. */
  end(key: string): void {
    this.inFlight.delete(key);
  }

  clear(): void {
    this.saved.clear();
  }
}
