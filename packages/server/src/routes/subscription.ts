import type { SubscriptionState } from '@plankit/core';
import type { PlankitContext, RouteInput } from '../context';
import { snapshotFor, summarizeSnapshot } from '../state/snapshot-reads';

/**
 * `GET /subscription`: the caller's subscriptions that are not canceled, newest first, from their billing
 * snapshot: 0 Stripe calls when warm (customer link, snapshot and catalog from the store), one sync when missing.
 */
export async function subscriptionRoute(
  ctx: PlankitContext,
  { identity }: RouteInput<null>,
): Promise<SubscriptionState> {
  const customer = await ctx.customers.resolve(identity, { create: false });
  if (!customer) return { subscriptions: [] };
  const [snapshot, catalog] = await Promise.all([snapshotFor(ctx, customer), ctx.catalog.get()]);
  return summarizeSnapshot(ctx, snapshot, catalog);
}
