import type { PortalRequest, PortalResponse } from '@plankit/core';
import { usePlankit } from '../provider';
import { localeTag } from './locale-tag';
import { type PlankitMutation, useGuardedMutation } from './use-guarded-mutation';

/** Opens the customer portal, on its homepage or deep-linked into one flow (seed 002). */
export function usePortal(): PlankitMutation<PortalResponse, PortalRequest> {
  const { client, navigate, format } = usePlankit();
  return useGuardedMutation(
    (request: PortalRequest) => client.portal({ locale: localeTag(format.locale), ...request }),
    (answer) => navigate(answer.url),
  );
}
