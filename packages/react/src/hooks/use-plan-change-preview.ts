import type { PreviewChangeRequest } from '@plankit/core';
import { useQuery } from '@tanstack/react-query';
import { usePlankit } from '../provider';
import { planChangePreviewQueryOptions } from './query-options';

/** What a plan change would cost (proration now, next invoice); idle while `change` is null. */
export function usePlanChangePreview(change: PreviewChangeRequest | null | undefined) {
  const { client } = usePlankit();
  return useQuery({
    ...planChangePreviewQueryOptions(client, change as PreviewChangeRequest),
    enabled: Boolean(change),
  });
}
