import type { CheckoutRequest, CheckoutResponse } from '@plankit/core';
import { isPlankitError } from '../plankit-error';
import { usePlankit } from '../provider';
import { localeTag } from './locale-tag';
import { type PlankitMutation, useGuardedMutation } from './use-guarded-mutation';

/**
 * Starts Checkout for a plan (by key) and goes there. A customer who is already subscribed is sent to the
 * portal instead (seed 000), whether the server answers with a redirect or with an `already_subscribed` error.
 */
export function useCheckout(): PlankitMutation<CheckoutResponse, CheckoutRequest> {
  const { client, navigate, format } = usePlankit();
  return useGuardedMutation(
    async (request: CheckoutRequest) => {
      const locale = localeTag(format.locale);
      try {
        return await client.checkout({ locale, ...request });
      } catch (error) {
        if (isPlankitError(error, 'already_subscribed')) {
          navigate((await client.portal({ flow: 'homepage', locale, returnTo: request.returnTo })).url);
        }
        throw error;
      }
    },
    (answer) => navigate(answer.url),
  );
}
