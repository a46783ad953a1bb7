/**
 * What `reconcile()` found: where the store's copy of billing state had drifted from Stripe, and what it repaired.
 * Plain JSON (`plankit reconcile --json` prints it as is). Times are Stripe's unix seconds unless named `...Ms`.
 */
export interface DriftReport {
  /** `ran`: a full or partial pass; `ran-elsewhere`: another instance held the reconcile lease, nothing was done. */
  outcome: 'ran' | 'ran-elsewhere';
  /** Whether `fix` and `cancelDuplicates` were asked for. */
  fix: boolean;
  cancelDuplicates: boolean;
  /** False when the store was not checked (the CLI without a shared store): only what Stripe shows is reported. */
  storeChecked: boolean;
  /** Every page was walked and every customer checked; only then did the event watermark advance. */
  complete: boolean;
  startedAtMs: number;
  finishedAtMs: number;
  /** Customers with `metadata.plankit_user_id` (the ones Plankit knows), and every subscription of the account. */
  customersChecked: number;
  subscriptionsSeen: number;
  /** Stored snapshots that differed from a fresh fetch, or were missing for a customer with a live subscription. */
  wrongSnapshots: SnapshotDrift[];
  /** Customers with more than one live subscription (the rule Plankit enforces at checkout). */
  duplicateSubscriptions: DuplicateDrift[];
  /** `incomplete` subscriptions older than the threshold (default a day): an abandoned first payment. */
  staleIncomplete: StaleIncomplete[];
  /** Customers whose user link (`plankit:customer:<userId>`) is missing or names another customer. */
  missingLinks: LinkDrift[];
  /** Handled events since the watermark that the webhook route never recorded. */
  missedEvents: MissedEvents;
  /** What could not be checked or repaired (a Stripe or store error); the pass is then incomplete. */
  errors: Array<{ customerId?: string; message: string }>;
  /** Items found, and those still wrong after this pass (`plankit reconcile` exits 1 when `unfixed > 0`). */
  driftFound: number;
  unfixed: number;
}

export interface SnapshotDrift {
  customerId: string;
  userId: string | null;
  /** No snapshot was stored (or an unreadable one) while the customer has a live subscription. */
  missing: boolean;
  /** Top-level snapshot fields that differed (`subscriptions`, `customer`, ...), or `subscriptions[sub_1].status`. */
  fields: string[];
  fixed: boolean;
}

export interface DuplicateDrift {
  customerId: string;
  /** The subscription kept: paid before unpaid, then the oldest (the webhook safety net's rule). */
  kept: string;
  extra: string[];
  canceled: boolean;
}

export interface StaleIncomplete {
  customerId: string;
  subscriptionId: string;
  created: number;
  ageHours: number;
}

export interface LinkDrift {
  userId: string;
  customerId: string;
  /** What the store held: null (nothing), `none` (a "no customer" mark), or another customer id. */
  stored: string | null;
  fixed: boolean;
  /** Why it was not repaired, when it was not. */
  reason?: string;
}

export interface MissedEvent {
  id: string;
  type: string;
  created: number;
  customerId: string | null;
  /** Endpoints Stripe had not delivered it to yet (it may still be retried). */
  pendingWebhooks: number;
}

export interface MissedEvents {
  /** False when not checked (no store, or the pass stopped before it). */
  checked: boolean;
  /** The window checked: `[since, until)`. */
  since: number;
  until: number;
  /** The watermark the window started from (null: first run, or `since` was given). */
  watermark: number | null;
  /**
   * Set when the window was cut: Stripe lists events of the last 30 days only, and Plankit keeps the record of a
   * processed event for 4 days, so older events cannot be judged. Names the time the wanted window started at.
   */
  clippedFrom?: number;
  events: MissedEvent[];
}

/** Counts what was found and what is still wrong, from the report's lists. */
export function tally(report: Omit<DriftReport, 'driftFound' | 'unfixed'>): {
  driftFound: number;
  unfixed: number;
} {
  const lists = [
    report.wrongSnapshots.map((d) => d.fixed),
    report.duplicateSubscriptions.map((d) => d.canceled),
    report.staleIncomplete.map(() => false),
    report.missingLinks.map((d) => d.fixed),
  ];
  const found = lists.flat();
  // A missed event's damage is the wrong snapshot it left, repaired by the re-sync; it counts as fixed when its
  // customer's snapshot is right now (checked and, with fix, re-synced in this pass).
  const wrong = new Set(report.wrongSnapshots.filter((d) => !d.fixed).map((d) => d.customerId));
  const events = report.missedEvents.events.map(
    (e) => report.fix && !(e.customerId && wrong.has(e.customerId)),
  );
  const all = [...found, ...events];
  return {
    driftFound: all.length,
    unfixed: all.filter((fixed) => !fixed).length + report.errors.length,
  };
}
