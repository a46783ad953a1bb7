import type { RetentionAcceptRequest, RetentionAcceptResponse } from '@plankit/core';
import { usePlankit } from '../provider';
import { updateSubscription } from './update-subscription';
import { type PlankitMutation, useGuardedMutation } from './use-guarded-mutation';

/** Accepts the retention offer: the subscription stays, with the discount. */
export function useAcceptRetentionOffer(): PlankitMutation<RetentionAcceptResponse, RetentionAcceptRequest> {
  const { client } = usePlankit();
  return useGuardedMutation(
    (request: RetentionAcceptRequest) => client.retentionAccept(request),
    (answer, queryClient) => updateSubscription(queryClient, client, answer.subscription),
  );
}
