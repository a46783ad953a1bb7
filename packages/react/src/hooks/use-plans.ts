import { useQuery } from '@tanstack/react-query';
import { usePlankit } from '../provider';
import { plansQueryOptions } from './query-options';
import { useRetry } from './use-retry';

/** The plan catalog (`GET /plans`), starting from the provider's `initialData.plans`. */
export function usePlans() {
  const { client, initialData } = usePlankit();
  return useQuery({ ...plansQueryOptions(client), initialData: initialData.plans, retry: useRetry() });
}
