import { StripeApiError } from './stripe-error.js';

interface Saved {
  method: string;
  path: string;
  params: string;
  status: number;
  body: string;
}

/**
 * Stripe's idempotency: a POST with a known key and identical params replays the saved response
 * (with `Idempotent-Replayed: true`); other params give an idempotency_error. Like Stripe, only
 * requests that started executing are saved (validation failures are not).
 */
export class IdempotencyStore {
  private saved = new Map<string, Saved>();

  lookup(key: string, method: string, path: string, params: string): Saved | undefined {
    const hit = this.saved.get(key);
    if (!hit) return undefined;
    if (hit.method !== method || hit.path !== path || hit.params !== params) {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    return hit;
  }

  save(key: string, entry: Saved): void {
    this.saved.set(key, entry);
  }

  clear(): void {
    this.saved.clear();
  }
}
