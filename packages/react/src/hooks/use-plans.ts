import { useQuery } from '@tanstack/react-query';
import { usePlankit } from '../provider';
import { localeTag } from './locale-tag';
import { plansQueryOptions } from './query-options';
import { useRetry } from './use-retry';

/** The plan catalog (`GET /plans?locale=…` in the provider's locale), starting from its `initialData.plans`. */
export function usePlans() {
  const { client, initialData, format } = usePlankit();
  const locale = localeTag(format.locale);
  return useQuery({
    ...plansQueryOptions(client, locale),
    initialData: initialData.plans,
    retry: useRetry(),
  });
}
