import type Stripe from 'stripe';

/** How Plankit retries Stripe's 429s (see {@link withRateLimitRetries}). */
export interface RateLimitRetryOptions {
  /** Retries after the first 429 (default 2; 0 turns them off). */
  retries?: number;
  /** First backoff step in ms, doubled per retry, then jittered down by up to half (default 250). */
  baseDelayMs?: number;
  /** Longest wait before one retry, in ms, whether from the backoff or from Retry-After (default 1000). */
  maxDelayMs?: number;
  /** For tests: jitter source in [0, 1) and the wait itself. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaults = { retries: 2, baseDelayMs: 250, maxDelayMs: 1000 } as const;

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The wait before retry number `retry` (0-based) of a 429, or null when Plankit should not wait in the request:
 * Stripe's Retry-After (seconds) when it sent one and it fits under `maxDelayMs`, else exponential backoff with
 * jitter (so instances that were limited together do not come back together), capped at `maxDelayMs`.
 */
export function rateLimitDelayMs(
  retry: number,
  retryAfter: string | undefined,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number | null {
  if (retryAfter !== undefined && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) {
      const ms = Math.ceil(seconds * 1000);
      // A longer wait does not belong inside a request: the client gets 503 with Stripe's Retry-After instead.
      return ms <= options.maxDelayMs ? ms : null;
    }
  }
  const step = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.round(step / 2 + (step / 2) * options.random());
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a Stripe SDK HTTP client so a `429` is sent again, unchanged (same body, same `Idempotency-Key`), a bounded
 * number of times after a short jittered backoff. The SDK retries a 429 only when Stripe adds
 * `Stripe-Should-Retry: true`; such responses (and `false`) are left to the SDK so retries never multiply. After the
 * last retry the 429 goes to the SDK as usual, and Plankit answers `503 stripe_unavailable` with Retry-After.
 */
export function withRateLimitRetries(
  inner: Stripe.HttpClient,
  options: RateLimitRetryOptions = {},
): Stripe.HttpClient {
  const retries = Math.max(0, Math.floor(options.retries ?? defaults.retries));
  const delayOptions = {
    baseDelayMs: options.baseDelayMs ?? defaults.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? defaults.maxDelayMs,
    random: options.random ?? Math.random,
  };
  const sleep = options.sleep ?? wait;
  return {
    getClientName: () => inner.getClientName(),
    async makeRequest(host, port, path, method, headers, requestData, protocol, timeout) {
      for (let retry = 0; ; retry += 1) {
        const response = await inner.makeRequest(
          host,
          port,
          path,
          method,
          headers,
          requestData,
          protocol,
          timeout,
        );
        if (response.getStatusCode() !== 429 || retry >= retries) return response;
        const responseHeaders = response.getHeaders() as Record<string, unknown>;
        if (headerValue(responseHeaders, 'stripe-should-retry') !== undefined) return response;
        const delay = rateLimitDelayMs(retry, headerValue(responseHeaders, 'retry-after'), delayOptions);
        if (delay === null) return response;
        // Free the connection: the fetch client can cancel the body; node's must read it to reuse the socket.
        if (response.dispose) response.dispose();
        else void Promise.resolve(response.toJSON()).catch(() => undefined);
        await sleep(delay);
      }
    },
  };
}
