import type { BillingSnapshot } from './billing-snapshot';
import { fetchBillingState, type SyncContext } from './fetch-billing-state';
import { readSnapshot, syncCounterKey, writeSnapshot } from './snapshot-store';

/** One customer's syncs in this process: at most one fetch running and one queued behind it. */
interface Lane {
  running?: Promise<BillingSnapshot>;
  queued?: Promise<BillingSnapshot>;
}

const lanesByContext = new WeakMap<SyncContext, Map<string, Lane>>();

function lanesOf(ctx: SyncContext): Map<string, Lane> {
  let lanes = lanesByContext.get(ctx);
  if (!lanes) {
    lanes = new Map();
    lanesByContext.set(ctx, lanes);
  }
  return lanes;
}

/**
 * One fetch and versioned write. The version is taken BEFORE the fetch, so a fetch that started later (and so
 * saw a later Stripe state) always has the higher version, whichever finishes first, on any instance.
 */
async function syncOnce(ctx: SyncContext, customerId: string, again = true): Promise<BillingSnapshot> {
  const key = syncCounterKey(customerId);
  const version = ctx.store.increment ? await ctx.store.increment(key) : Date.now();
  const state = await fetchBillingState(ctx, customerId);
  const snapshot: BillingSnapshot = { ...state, version, syncedAt: Date.now() };
  if (await writeSnapshot(ctx.store, snapshot)) return snapshot;
  // A newer version is stored: a fetch that started after this one (newer than what we saw), or a stale mark left
  // by a failed re-sync after a change (no snapshot: what we saw may predate the change, so fetch once more).
  const stored = await readSnapshot(ctx.store, customerId);
  if (stored) return stored;
  return again ? syncOnce(ctx, customerId, false) : snapshot;
}

function start(ctx: SyncContext, customerId: string, lanes: Map<string, Lane>, lane: Lane) {
  lane.queued = undefined;
  const run = syncOnce(ctx, customerId).finally(() => {
    if (lane.running === run) lane.running = undefined;
    if (!lane.running && !lane.queued) lanes.delete(customerId);
  });
  lane.running = run;
  return run;
}

/**
 * Fetches the customer's billing state from Stripe and stores it as their snapshot; answers the snapshot the
 * store holds afterwards. Coalesced per customer in this process: a call while a fetch runs queues one more fetch
 * after it (the running one may have started before the change that caused the call, so it is never reused), and
 * every call that arrives while that one still waits shares it.
 */
export function syncCustomer(ctx: SyncContext, customerId: string): Promise<BillingSnapshot> {
  const lanes = lanesOf(ctx);
  let lane = lanes.get(customerId);
  if (!lane) {
    lane = {};
    lanes.set(customerId, lane);
  }
  if (lane.queued) return lane.queued;
  if (lane.running) {
    const current = lane;
    const settled = lane.running.then(
      () => undefined,
      () => undefined,
    );
    current.queued = settled.then(() => start(ctx, customerId, lanes, current));
    return current.queued;
  }
  return start(ctx, customerId, lanes, lane);
}
