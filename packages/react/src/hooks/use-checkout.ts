import type { CheckoutRequest, CheckoutResponse } from '@plankit/core';
import { useQueryClient } from '@tanstack/react-query';
import { isPlankitError } from '../plankit-error';
import { usePlankit } from '../provider';
import { localeTag } from './locale-tag';
import { subscriptionQueryOptions } from './query-options';
import { type PlankitMutation, useGuardedMutation } from './use-guarded-mutation';

/**
 * Starts Checkout for a plan (by key) and goes there. A customer who is already subscribed (a stale tab, seed
 * 000) is not sent anywhere unasked: the answer is a `redirect` (the portal URL) or an `already_subscribed` error,
 * the subscription is refetched, and the app says so first (`<PricingTable>` shows "You already have a
 * subscription" with a Manage button).
 */
export function useCheckout(): PlankitMutation<CheckoutResponse, CheckoutRequest> {
  const { client, navigate, format } = usePlankit();
  const queryClient = useQueryClient();
  const refetchSubscription = () =>
    queryClient.invalidateQueries({ queryKey: subscriptionQueryOptions(client).queryKey });
  return useGuardedMutation(
    async (request: CheckoutRequest) => {
      try {
        return await client.checkout({ locale: localeTag(format.locale), ...request });
      } catch (error) {
        if (isPlankitError(error, 'already_subscribed')) void refetchSubscription();
        throw error;
      }
    },
    (answer) => {
      if (answer.type === 'checkout') navigate(answer.url);
      else void refetchSubscription();
    },
  );
}
