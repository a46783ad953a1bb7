import { useQueryClient } from '@tanstack/react-query';
import type { PlankitError } from '../plankit-error';

/**
 * The app's `retry` (TanStack's default: 3 times, with backoff), except that a 4xx is never retried: it is the
 * server's final word (signed out, bad input), so retrying only delays it. 5xx and network failures (status 0)
 * still back off. The client's query functions only throw {@link PlankitError}s.
 */
export function useRetry() {
  const retry = useQueryClient().getDefaultOptions().queries?.retry ?? 3;
  return (count: number, error: Error) =>
    ((error as PlankitError).status < 400 || (error as PlankitError).status > 499) &&
    (typeof retry === 'function' ? retry(count, error) : retry === true || count < +retry);
}
