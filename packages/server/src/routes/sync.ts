import type { SubscriptionState } from '@plankit/core';
import type { PlankitContext, RouteInput } from '../context';
import { consume, type WindowLimit } from '../security/rate-limit';
import { summarizeSnapshot } from '../state/snapshot-reads';
import { syncCustomer } from '../state/sync-customer';

/** Syncs per user and window by default: a return page polls a few times, never a flood of Stripe calls. */
export const defaultSyncLimit: WindowLimit = { max: 12, windowMs: 60_000 };

/**
 * `POST /sync`: re-syncs the caller's billing snapshot from Stripe now and answers it, for the return page after
 * Checkout or the portal (the webhooks may not have arrived yet). Origin-checked like every mutation, rate-limited
 * per user in the store (`rateLimit.sync`, 429 with Retry-After), coalesced per customer (see `syncCustomer`).
 * A user without a customer gets the empty state; none is created.
 */
export async function syncRoute(
  ctx: PlankitContext,
  { identity }: RouteInput<null>,
): Promise<SubscriptionState> {
  await consume(ctx.store, 'sync', identity.userId, ctx.options.rateLimit?.sync ?? defaultSyncLimit);
  const customer = await ctx.customers.resolve(identity, { create: false });
  if (!customer) return { subscriptions: [] };
  const [snapshot, catalog] = await Promise.all([syncCustomer(ctx, customer), ctx.catalog.get()]);
  return summarizeSnapshot(ctx, snapshot, catalog);
}
