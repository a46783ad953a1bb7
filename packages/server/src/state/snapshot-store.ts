import type { PlankitStore } from '../store/plankit-store';
import { type BillingSnapshot, billingSnapshotSchemaVersion } from './billing-snapshot';

/** The store key of a customer's snapshot (a durable prefix: never evicted to make room). */
export function snapshotKey(customerId: string): string {
  return `plankit:snapshot:${customerId}`;
}

function isSnapshot(value: unknown, customerId: string): value is BillingSnapshot {
  if (!value || typeof value !== 'object') return false;
  const snapshot = value as Partial<BillingSnapshot>;
  return (
    snapshot.schemaVersion === billingSnapshotSchemaVersion &&
    snapshot.customerId === customerId &&
    typeof snapshot.version === 'number' &&
    typeof snapshot.syncedAt === 'number' &&
    typeof snapshot.deleted === 'boolean' &&
    typeof snapshot.hadSubscription === 'boolean' &&
    Array.isArray(snapshot.subscriptions) &&
    Array.isArray(snapshot.endedSubscriptions)
  );
}

/**
 * The customer's stored snapshot, or null when there is none. An unreadable value, or one of another schema
 * version, counts as missing: the caller syncs, and the fresh write replaces it.
 */
export async function readSnapshot(store: PlankitStore, customerId: string): Promise<BillingSnapshot | null> {
  const raw = await store.get(snapshotKey(customerId));
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return isSnapshot(parsed, customerId) ? parsed : null;
  } catch {
    return null;
  }
}

/** Writes the snapshot unless a newer version was written already (on any instance); true when stored. */
export async function writeSnapshot(store: PlankitStore, snapshot: BillingSnapshot): Promise<boolean> {
  return store.setIfNewer(snapshotKey(snapshot.customerId), JSON.stringify(snapshot), snapshot.version);
}
