import { type UseMutationResult, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { PlankitError } from '../plankit-error';

/** A mutation that ignores calls while one is in flight (double clicks, two buttons). */
export type PlankitMutation<TData, TVariables> = Omit<
  UseMutationResult<TData, PlankitError, TVariables>,
  'mutate' | 'mutateAsync'
> & {
  /** Starts the mutation unless one is already running. */
  mutate(variables: TVariables): void;
  /** Like `mutate`; resolves to `undefined` when the call was ignored. */
  mutateAsync(variables: TVariables): Promise<TData | undefined>;
};

export function useGuardedMutation<TData, TVariables>(
  mutationFn: (variables: TVariables) => Promise<TData>,
  onSuccess?: (data: TData, queryClient: ReturnType<typeof useQueryClient>) => void,
): PlankitMutation<TData, TVariables> {
  const queryClient = useQueryClient();
  // A ref, not isPending: two clicks in one tick both see isPending false.
  const busy = useRef(false);
  const mutation = useMutation<TData, PlankitError, TVariables>({
    mutationFn,
    onSuccess: (data) => onSuccess?.(data, queryClient),
    onSettled: () => {
      busy.current = false;
    },
  });
  // Back from Checkout or the portal, the bfcache restores the page with its state: a success that navigated
  // away would leave buttons "Redirecting…" for good, so a restored page starts idle.
  const { reset } = mutation;
  useEffect(() => {
    const restored = (event: PageTransitionEvent) => event.persisted && reset();
    window.addEventListener('pageshow', restored);
    return () => window.removeEventListener('pageshow', restored);
  }, [reset]);
  const mutateAsync = (variables: TVariables) => {
    if (busy.current) return Promise.resolve(undefined);
    busy.current = true;
    return mutation.mutateAsync(variables);
  };
  return { ...mutation, mutateAsync, mutate: (variables) => void mutateAsync(variables).catch(() => {}) };
}
