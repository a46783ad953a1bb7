import { blocksNewCheckout } from '@plankit/core';
import type { BillingSnapshot, BillingState, SubscriptionFacts } from './billing-snapshot';
import type { SnapshotDrift } from './drift-report';
import { fetchBillingState, type SyncContext } from './fetch-billing-state';
import { readSnapshot } from './snapshot-store';
import { syncCustomer } from './sync-customer';

/** JSON-equal: snapshots are stored as JSON, so a fresh state is compared in the same form. */
function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function subscriptionDiff(name: string, stored: SubscriptionFacts[], fresh: SubscriptionFacts[]): string[] {
  const before = new Map(stored.map((s) => [s.id, s]));
  const after = new Map(fresh.map((s) => [s.id, s]));
  const fields: string[] = [];
  for (const [id, now] of after) {
    const then = before.get(id);
    if (!then) {
      fields.push(`${name}[${id}] (not stored)`);
      continue;
    }
    const keys = Object.keys(now) as Array<keyof SubscriptionFacts>;
    for (const key of keys) if (!same(then[key], now[key])) fields.push(`${name}[${id}].${key}`);
  }
  for (const id of before.keys()) if (!after.has(id)) fields.push(`${name}[${id}] (gone)`);
  // Same members, same facts, another order: still a difference for reads that take the first.
  if (fields.length === 0 && !same(stored, fresh)) fields.push(`${name} (order)`);
  return fields;
}

/**
 * Where a stored snapshot differs from a fresh fetch: top-level fields by name, subscriptions down to the field
 * (`subscriptions[sub_1].status`). The snapshot's own `version` and `syncedAt` are not facts and are ignored.
 */
export function diffSnapshot(stored: BillingSnapshot, fresh: BillingState): string[] {
  const { version: _version, syncedAt: _syncedAt, ...kept } = stored;
  const was = kept as unknown as Record<string, unknown>;
  const now = JSON.parse(JSON.stringify(fresh)) as Record<string, unknown>;
  const fields: string[] = [];
  for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
    if (same(was[key], now[key])) continue;
    if (key === 'subscriptions' || key === 'endedSubscriptions') {
      fields.push(
        ...subscriptionDiff(
          key,
          (was[key] ?? []) as SubscriptionFacts[],
          (now[key] ?? []) as SubscriptionFacts[],
        ),
      );
    } else fields.push(key);
  }
  return fields;
}

/**
 * Compares the customer's stored snapshot with a fresh fetch from Stripe; null when it is right. A missing
 * snapshot counts only when the customer has a live subscription (any read of another one syncs it first, and
 * finds nothing to show). With `fix`, the customer is re-synced (a versioned write, so a webhook's newer sync wins).
 */
export async function checkSnapshot(
  ctx: SyncContext,
  customerId: string,
  userId: string | null,
  fix: boolean,
): Promise<SnapshotDrift | null> {
  const stored = await readSnapshot(ctx.store, customerId);
  const fresh = await fetchBillingState(ctx, customerId);
  let fields: string[];
  if (stored) {
    fields = diffSnapshot(stored, fresh);
    if (fields.length === 0) return null;
    // A webhook's sync may have landed during the fetch: judge the newest stored copy.
    const again = await readSnapshot(ctx.store, customerId);
    if (again && again.version !== stored.version) {
      fields = diffSnapshot(again, fresh);
      if (fields.length === 0) return null;
    }
  } else {
    if (!fresh.subscriptions.some((s) => blocksNewCheckout(s.status))) return null;
    fields = [];
  }
  if (fix) await syncCustomer(ctx, customerId);
  return { customerId, userId, missing: stored === null, fields, fixed: fix };
}
