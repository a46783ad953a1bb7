import type { SubscriptionState, SubscriptionSummary } from '@plankit/core';
import type { QueryClient } from '@tanstack/react-query';
import type { PlankitClient } from '../client';
import { subscriptionQueryOptions } from './query-options';

/**
 * Shows a subscription the server just changed at once, then refetches to be sure. Cached plan change
 * previews were priced against the old subscription (amounts, proration date), so they are dropped.
 */
export function updateSubscription(
  queryClient: QueryClient,
  client: PlankitClient,
  next: SubscriptionSummary,
) {
  const { queryKey } = subscriptionQueryOptions(client);
  queryClient.setQueryData<SubscriptionState>(queryKey, (state) =>
    state ? { subscriptions: state.subscriptions.map((sub) => (sub.id === next.id ? next : sub)) } : state,
  );
  void queryClient.invalidateQueries({ queryKey });
  queryClient.removeQueries({ queryKey: ['plankit', client.basePath, 'preview'] });
}
