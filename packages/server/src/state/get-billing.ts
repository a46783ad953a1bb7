import {
  type BillingInterval,
  isSubscribedStatus,
  type SubscriptionStatus,
  type SubscriptionSummary,
} from '@plankit/core';
import type { PlankitContext } from '../context';
import { checkIdentity, type Identity } from '../customers/identity';
import { snapshotFor, summarizeSnapshot } from './snapshot-reads';

/**
 * A user's billing, for the app's own server code (gating a page or an API route) without a Stripe call when warm:
 * what `GET /subscription` answers, plus the current plan in one place.
 */
export interface BillingSummary {
  userId: string;
  /** The user's Stripe customer, or null when they have none yet. */
  customerId: string | null;
  /** Subscriptions that are not canceled, newest first (as `GET /subscription`). */
  subscriptions: SubscriptionSummary[];
  /**
   * The current plan: the newest subscribed subscription (active, trialing, past_due, unpaid, paused), else the
   * newest one (e.g. `incomplete`); null without any. Check `status` before granting access.
   */
  plan: {
    key: string | null;
    status: SubscriptionStatus;
    interval: BillingInterval | null;
    subscriptionId: string;
  } | null;
  /** When the snapshot was fetched from Stripe (ms), or null when the user has no customer. */
  syncedAt: number | null;
}

/** Who to read: a user id, or a request (or its headers) that `identify()` resolves. */
export type BillingUser = string | Request | Headers;

async function identityOf(ctx: PlankitContext, user: BillingUser, base: string): Promise<Identity | null> {
  // A bare user id has no email: the store's link (or the app's mapping) answers; recovery searches by metadata.
  if (typeof user === 'string') return user ? { userId: user, email: '' } : null;
  const request = user instanceof Request ? user : new Request(base, { headers: user });
  return checkIdentity(await ctx.options.identify(request));
}

/**
 * Reads the user's billing from their snapshot: 0 Stripe calls when warm, one sync when the snapshot is missing.
 * Null when a request names nobody signed in.
 */
export async function getBilling(
  ctx: PlankitContext,
  user: BillingUser,
  base: string,
): Promise<BillingSummary | null> {
  const identity = await identityOf(ctx, user, base);
  if (!identity) return null;
  const customerId = await ctx.customers.resolve(identity, { create: false });
  if (!customerId)
    return { userId: identity.userId, customerId: null, subscriptions: [], plan: null, syncedAt: null };
  const [snapshot, catalog] = await Promise.all([snapshotFor(ctx, customerId), ctx.catalog.get()]);
  const { subscriptions } = summarizeSnapshot(ctx, snapshot, catalog);
  const current =
    subscriptions.find((subscription) => isSubscribedStatus(subscription.status)) ?? subscriptions[0];
  return {
    userId: identity.userId,
    customerId,
    subscriptions,
    plan: current
      ? {
          key: current.planKey,
          status: current.status,
          interval: current.interval,
          subscriptionId: current.id,
        }
      : null,
    syncedAt: snapshot.syncedAt,
  };
}
