import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { PlankitError } from '../plankit-error';

type Retry = NonNullable<NonNullable<ReturnType<QueryClient['getDefaultOptions']>['queries']>['retry']>;

/**
 * The app's `retry` (TanStack's default: 3 times, with backoff), except that a 4xx is never retried: it is the
 * server's final word (signed out, bad input), so retrying only delays it. 5xx and network failures still back off.
 */
export function useRetry(): (failureCount: number, error: unknown) => boolean {
  const retry: Retry = useQueryClient().getDefaultOptions().queries?.retry ?? 3;
  return (failureCount, error) => {
    const status = error instanceof PlankitError ? error.status : 0;
    if (status > 399 && status < 500) return false;
    if (typeof retry === 'function') return retry(failureCount, error as Error);
    return typeof retry === 'number' ? failureCount < retry : retry;
  };
}
