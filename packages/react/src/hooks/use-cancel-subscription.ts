import type { CancelRequest, CancelResponse } from '@plankit/core';
import { usePlankit } from '../provider';
import { updateSubscription } from './update-subscription';
import { type PlankitMutation, useGuardedMutation } from './use-guarded-mutation';

/**
 * Records the cancellation reason and cancels as the server decides: a retention offer first, the portal's
 * subscription_cancel deep link (followed at once), or a direct cancellation.
 */
export function useCancelSubscription(): PlankitMutation<CancelResponse, CancelRequest> {
  const { client, navigate } = usePlankit();
  return useGuardedMutation(
    (request: CancelRequest) => client.cancel(request),
    (answer, queryClient) => {
      if (answer.type === 'portal') navigate(answer.url);
      if (answer.type === 'canceled') updateSubscription(queryClient, client, answer.subscription);
    },
  );
}
