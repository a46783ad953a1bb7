import { useQuery } from '@tanstack/react-query';
import { usePlankit } from '../provider';
import { localeTag } from './locale-tag';
import { plansQueryOptions } from './query-options';
import { useRetry } from './use-retry';

const language = (tag: string) => tag.split('-')[0]?.toLowerCase();

/**
 * The plan catalog (`GET /plans?locale=…` in the provider's locale), starting from its `initialData.plans`. Plans
 * the server rendered in another language are shown at once as a placeholder while the provider's are fetched.
 */
export function usePlans() {
  const { client, initialData, format } = usePlankit();
  const locale = localeTag(format.locale);
  const seeded = initialData.plans;
  const fits = !seeded?.locale || !locale || language(seeded.locale) === language(locale);
  return useQuery({
    ...plansQueryOptions(client, locale),
    initialData: fits ? seeded : undefined,
    placeholderData: fits ? undefined : seeded,
    retry: useRetry(),
  });
}
