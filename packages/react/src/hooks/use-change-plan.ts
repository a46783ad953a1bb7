import type { ChangePlanRequest, ChangePlanResponse } from '@plankit/core';
import { usePlankit } from '../provider';
import { updateSubscription } from './update-subscription';
import { type PlankitMutation, useGuardedMutation } from './use-guarded-mutation';

/** Changes the plan in the app (`POST /change-plan`; the server must enable in-app changes). */
export function useChangePlan(): PlankitMutation<ChangePlanResponse, ChangePlanRequest> {
  const { client } = usePlankit();
  return useGuardedMutation(
    (request: ChangePlanRequest) => client.changePlan(request),
    (answer, queryClient) => updateSubscription(queryClient, client, answer.subscription),
  );
}
