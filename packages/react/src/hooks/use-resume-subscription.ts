import type { ResumeRequest, ResumeResponse } from '@plankit/core';
import { usePlankit } from '../provider';
import { updateSubscription } from './update-subscription';
import { type PlankitMutation, useGuardedMutation } from './use-guarded-mutation';

/** Undoes a cancellation at period end. */
export function useResumeSubscription(): PlankitMutation<ResumeResponse, ResumeRequest> {
  const { client } = usePlankit();
  return useGuardedMutation(
    (request: ResumeRequest) => client.resume(request),
    (answer, queryClient) => updateSubscription(queryClient, client, answer.subscription),
  );
}
