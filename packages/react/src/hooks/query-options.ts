import type { PreviewChangeRequest } from '@plankit/core';
import { queryOptions } from '@tanstack/react-query';
import type { PlankitClient } from '../client';

/** Query keys start with the basePath so two Plankit servers in one app never share a cache entry. */
const key = (client: PlankitClient, ...rest: unknown[]) => ['plankit', client.basePath, ...rest] as const;

/**
 * `GET /plans` as TanStack Query options (prefetch on the server, `useQuery`, `ensureQueryData`). Pass the
 * provider's locale tag ("de") to prefetch what `<PricingTable>` reads in that locale.
 */
export function plansQueryOptions(client: PlankitClient, locale?: string) {
  return queryOptions({
    queryKey: locale ? key(client, 'plans', locale) : key(client, 'plans'),
    queryFn: () => client.plans(locale),
    staleTime: 60_000,
  });
}

/** `GET /subscription` as TanStack Query options, keyed by the client's `userKey` (one cache entry per user). */
export function subscriptionQueryOptions(client: PlankitClient) {
  return queryOptions({
    queryKey: key(client, 'subscription', client.userKey),
    queryFn: () => client.subscription(),
    staleTime: 10_000,
  });
}

/** `POST /preview-change` as query options, keyed by the change itself. */
export function planChangePreviewQueryOptions(client: PlankitClient, change: PreviewChangeRequest) {
  return queryOptions({
    queryKey: key(client, 'preview', client.userKey, change),
    queryFn: () => client.previewChange(change),
    staleTime: 30_000,
    retry: false,
  });
}
