import { blocksNewCheckout, type SubscriptionState, type SubscriptionSummary } from '@plankit/core';
import { useQuery } from '@tanstack/react-query';
import { usePlankit } from '../provider';
import { subscriptionQueryOptions } from './query-options';
import { useRetry } from './use-retry';

/** The caller's subscriptions (`GET /subscription`), starting from `initialData.subscription`. */
export function useSubscription() {
  const { client, initialData } = usePlankit();
  return useQuery({
    ...subscriptionQueryOptions(client),
    initialData: initialData.subscription,
    retry: useRetry(),
  });
}

/** The customer's one subscription (seed 000): the newest that is live or whose first payment is pending. */
export function currentSubscription(state: SubscriptionState | undefined): SubscriptionSummary | undefined {
  return state?.subscriptions.find((sub) => blocksNewCheckout(sub.status));
}
