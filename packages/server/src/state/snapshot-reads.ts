import type { SubscriptionState } from '@plankit/core';
import type { ResolvedCatalog } from '../catalog/resolved-catalog';
import type { PlankitContext } from '../context';
import { retentionMayBeOfferedFacts } from '../subscriptions/retention-eligibility';
import { summarizeFacts } from '../subscriptions/summarize';
import type { BillingSnapshot } from './billing-snapshot';
import { readSnapshot, snapshotKey } from './snapshot-store';
import { syncCustomer } from './sync-customer';

/** The customer's snapshot from the store (0 Stripe calls), or a sync when there is none yet. */
export async function snapshotFor(ctx: PlankitContext, customerId: string): Promise<BillingSnapshot> {
  return (await readSnapshot(ctx.store, customerId)) ?? syncCustomer(ctx, customerId);
}

/** The browser's subscription state from a snapshot: the live subscriptions, newest first, with plan keys. */
export function summarizeSnapshot(
  ctx: PlankitContext,
  snapshot: BillingSnapshot,
  catalog: ResolvedCatalog,
): SubscriptionState {
  const customer = snapshot.deleted ? 'deleted' : (snapshot.customer ?? undefined);
  return {
    subscriptions: snapshot.subscriptions
      .filter((subscription) => subscription.status !== 'incomplete_expired')
      .map((subscription) =>
        summarizeFacts(subscription, catalog, retentionMayBeOfferedFacts(ctx, subscription, customer)),
      ),
  };
}

/**
 * After a mutation succeeded: re-syncs the customer so the next read shows the change. A failed sync does not fail
 * the mutation (it happened); the snapshot is dropped instead, so the next read syncs (the webhook will too).
 */
export async function resyncAfterMutation(ctx: PlankitContext, customerId: string): Promise<void> {
  try {
    await syncCustomer(ctx, customerId);
  } catch (error) {
    ctx.logger.warn(`Plankit: re-sync of ${customerId} after a change failed; the next read syncs.`, error);
    await ctx.store.delete(snapshotKey(customerId)).catch(() => undefined);
  }
}
