import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { cancelDuplicate, liveInKeepOrder } from '../webhook/duplicate-safety-net';
import { type DriftReport, type DuplicateDrift, type StaleIncomplete, tally } from './drift-report';
import type { SyncContext } from './fetch-billing-state';
import { checkLinks } from './link-drift';
import { eventWindow, findMissedEvents, readWatermark, stripeNow, writeWatermark } from './missed-events';
import { takeReconcileLease } from './reconcile-lease';
import { checkSnapshot } from './snapshot-drift';
import { walkAccount } from './walk-account';

/** Options of `billing.reconcile()` and `plankit reconcile`. */
export interface ReconcileOptions {
  /** Repair what is safe: re-sync wrong or missing snapshots, restore missing user links. Default false (report only). */
  fix?: boolean;
  /** Cancel every live subscription but the one kept (paid first, then the oldest). Default false. */
  cancelDuplicates?: boolean;
  /** Look for missed events from this time (unix seconds or a Date) instead of the stored watermark. */
  since?: number | Date;
  /** An `incomplete` subscription older than this is reported (default 86,400 s: a day). */
  staleIncompleteAfterSeconds?: number;
  /**
   * Stripe's current time in unix seconds (default this machine's clock, or the newest event when that is later).
   * With the emulator's advanced clock, pass `() => emulator.now()`.
   */
  now?: () => number;
  /** Customers checked at once (default 4): each costs one Stripe call, two when re-synced. */
  concurrency?: number;
  /** How long the reconcile lease outlives a crashed holder (default 60 s); renewed every third of it. */
  leaseTtlMs?: number;
  /**
   * Whether the store holds this app's state (default true). False (the CLI without `--redis-url`): snapshots,
   * links and missed events are not judged, since an empty store would make every one look wrong.
   */
  checkStore?: boolean;
}

/** What reconciliation needs: Stripe, the store, a logger, and the catalog cache when it can refresh it. */
export type ReconcileContext = SyncContext &
  Pick<PlankitContext, 'logger'> & { catalog?: Pick<PlankitContext['catalog'], 'invalidate'> };

const day = 24 * 60 * 60;

function toSeconds(since: number | Date | undefined): number | undefined {
  if (since === undefined) return undefined;
  return since instanceof Date ? Math.floor(since.getTime() / 1000) : since;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `work` over `items`, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

/** The live subscriptions beyond the one kept; with `cancel`, cancels them. */
async function checkDuplicates(
  stripe: Stripe,
  customerId: string,
  subscriptions: readonly Stripe.Subscription[],
  cancel: boolean,
): Promise<DuplicateDrift | null> {
  const [kept, ...extra] = liveInKeepOrder(subscriptions);
  if (!kept || extra.length === 0) return null;
  if (cancel) for (const subscription of extra) await cancelDuplicate(stripe, subscription.id);
  return { customerId, kept: kept.id, extra: extra.map((s) => s.id), canceled: cancel };
}

function staleIncomplete(
  customerId: string,
  subscriptions: readonly Stripe.Subscription[],
  now: number,
  afterSeconds: number,
): StaleIncomplete[] {
  return subscriptions
    .filter((s) => s.status === 'incomplete' && now - s.created > afterSeconds)
    .map((s) => ({
      customerId,
      subscriptionId: s.id,
      created: s.created,
      ageHours: Math.floor((now - s.created) / 3600),
    }));
}

/**
 * One reconciliation pass: walks the account with auto-pagination (customers naming a Plankit user, every
 * subscription), checks each customer's snapshot against a fresh fetch, their user link, extra and stale
 * subscriptions, and the handled events since the stored watermark that the webhook route never recorded, then
 * returns the drift report. Safe on a schedule from several instances: a lease in the store lets one pass run at a
 * time (the others answer `outcome: 'ran-elsewhere'`), and the watermark advances only after a complete pass.
 */
export async function reconcile(ctx: ReconcileContext, options: ReconcileOptions = {}): Promise<DriftReport> {
  const startedAtMs = Date.now();
  const fix = options.fix === true;
  const cancelDuplicates = options.cancelDuplicates === true;
  const checkStore = options.checkStore !== false;
  const base = { fix, cancelDuplicates, storeChecked: checkStore, startedAtMs };
  const lease = await takeReconcileLease(ctx.store, options.leaseTtlMs ?? 60_000);
  if (!lease) return ranElsewhere(base);
  try {
    const clock = options.now ?? (() => Math.floor(Date.now() / 1000));
    const now = await stripeNow(ctx.stripe, clock);
    const watermark = checkStore ? await readWatermark(ctx.store) : null;
    const window = eventWindow(now, watermark, toSeconds(options.since));
    const walk = await walkAccount(ctx.stripe);
    const report: Omit<DriftReport, 'driftFound' | 'unfixed'> = {
      ...base,
      outcome: 'ran',
      complete: false,
      finishedAtMs: 0,
      customersChecked: walk.customers.length,
      subscriptionsSeen: walk.subscriptionsSeen,
      wrongSnapshots: [],
      duplicateSubscriptions: [],
      staleIncomplete: [],
      missingLinks: [],
      missedEvents: { checked: false, ...window, events: [] },
      errors: [],
    };
    const threshold = options.staleIncompleteAfterSeconds ?? day;
    await eachLimited(walk.customers, options.concurrency ?? 4, async ({ customer, userId }) => {
      if (lease.lost) return;
      const subscriptions = walk.subscriptionsByCustomer.get(customer.id) ?? [];
      report.staleIncomplete.push(...staleIncomplete(customer.id, subscriptions, now, threshold));
      try {
        const duplicate = await checkDuplicates(ctx.stripe, customer.id, subscriptions, cancelDuplicates);
        if (duplicate) report.duplicateSubscriptions.push(duplicate);
        if (!checkStore) return;
        const drift = await checkSnapshot(ctx, customer.id, userId, fix);
        if (drift) report.wrongSnapshots.push(drift);
      } catch (error) {
        report.errors.push({ customerId: customer.id, message: message(error) });
      }
    });
    if (checkStore && !lease.lost) {
      try {
        const links = walk.customers.map(({ customer, userId }) => ({ customerId: customer.id, userId }));
        report.missingLinks = await checkLinks(ctx.stripe, ctx.store, links, fix);
        report.missedEvents.events = await findMissedEvents(ctx.stripe, ctx.store, window);
        report.missedEvents.checked = true;
        const catalogMissed = report.missedEvents.events.some((e) => /^(product|price)\./.test(e.type));
        if (fix && catalogMissed) await ctx.catalog?.invalidate();
      } catch (error) {
        report.errors.push({ message: message(error) });
      }
    }
    if (lease.lost)
      report.errors.push({ message: 'The reconcile lease was lost (the store or this process stalled).' });
    report.complete = report.errors.length === 0;
    // Only a complete pass moves the watermark: a partial one looks at the same events again next time.
    if (report.complete && checkStore) await writeWatermark(ctx.store, window.until);
    report.finishedAtMs = Date.now();
    sortReport(report);
    return { ...report, ...tally(report) };
  } finally {
    await lease.release();
  }
}

/** Lanes finish in any order; a report reads the same on every run. */
function sortReport(report: Omit<DriftReport, 'driftFound' | 'unfixed'>): void {
  const byCustomer = (a: { customerId: string }, b: { customerId: string }) =>
    a.customerId.localeCompare(b.customerId);
  report.wrongSnapshots.sort(byCustomer);
  report.duplicateSubscriptions.sort(byCustomer);
  report.staleIncomplete.sort(byCustomer);
  report.errors.sort((a, b) => (a.customerId ?? '').localeCompare(b.customerId ?? ''));
}

function ranElsewhere(base: Pick<DriftReport, 'fix' | 'cancelDuplicates' | 'storeChecked' | 'startedAtMs'>) {
  const report: Omit<DriftReport, 'driftFound' | 'unfixed'> = {
    ...base,
    outcome: 'ran-elsewhere',
    complete: false,
    finishedAtMs: Date.now(),
    customersChecked: 0,
    subscriptionsSeen: 0,
    wrongSnapshots: [],
    duplicateSubscriptions: [],
    staleIncomplete: [],
    missingLinks: [],
    missedEvents: { checked: false, since: 0, until: 0, watermark: null, events: [] },
    errors: [],
  };
  return { ...report, ...tally(report) };
}
