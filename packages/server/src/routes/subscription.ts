import type { SubscriptionState } from '@plankit/core';
import type { PlankitContext, RouteInput } from '../context';
import { retentionMayBeOffered } from '../subscriptions/retention-eligibility';
import { subscriptionExpand, summarizeSubscription } from '../subscriptions/summarize';

/** `GET /subscription`: the caller's subscriptions that are not canceled, newest first. */
export async function subscriptionRoute(
  ctx: PlankitContext,
  { identity }: RouteInput<null>,
): Promise<SubscriptionState> {
  const customer = await ctx.customers.resolve(identity, { create: false });
  if (!customer) return { subscriptions: [] };
  const [list, catalog] = await Promise.all([
    ctx.stripe.subscriptions.list({
      customer,
      limit: 20,
      expand: subscriptionExpand.map((field) => `data.${field}`),
    }),
    ctx.catalog.get(),
  ]);
  return {
    subscriptions: list.data
      .filter(
        (subscription) => subscription.status !== 'incomplete_expired' && subscription.status !== 'canceled',
      )
      .map((subscription) =>
        summarizeSubscription(subscription, catalog, retentionMayBeOffered(ctx, subscription)),
      ),
  };
}
