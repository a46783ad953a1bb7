import type { SubscriptionState } from '@plankit/core';
import type { PlankitContext, RouteInput } from '../context';
import { subscriptionRoute } from './subscription';

/**
 * `POST /sync`: the caller's billing state read from Stripe now, for the return page after Checkout or the
 * portal (the webhooks may not have arrived yet).
 */
export async function syncRoute(ctx: PlankitContext, input: RouteInput<null>): Promise<SubscriptionState> {
  return subscriptionRoute(ctx, input);
}
