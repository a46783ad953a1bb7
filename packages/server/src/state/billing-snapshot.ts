/**
 * The billing snapshot: one customer's Stripe FACTS, as one value in the store (`plankit:snapshot:<customerId>`).
 * It is a cache of Stripe, written only by `syncCustomer` (a fresh fetch, versioned so an older fetch never
 * overwrites a newer one). It holds no catalog knowledge (no plan keys): summaries are computed at read time with
 * the cached catalog, so a catalog change never needs a re-sync. Reads answer from it; mutations still check live
 * Stripe state before they change anything.
 *
 * Room for what comes next, each an optional field so a new kind of fact fits without a rewrite (older snapshots
 * simply lack it; a change in the meaning of an existing field bumps {@link billingSnapshotSchemaVersion} instead):
 * - `entitlements`: the active entitlement summary (`entitlements.active_entitlement_summary.updated`).
 * - `usage`: meter summaries for metered prices.
 * - `account`: the billing account the customer belongs to (a user or a team).
 * - `tax`: tax and currency facts (tax ids, exemption, address country).
 * - `schedules`: subscription schedules' phases (today only each subscription's `scheduleId`).
 */

/** Bumped when a field changes meaning; a stored snapshot of another schema counts as missing (one re-sync). */
export const billingSnapshotSchemaVersion = 1;

/** A card's display facts (never the full number). */
export interface PaymentMethodFacts {
  id: string;
  type: string;
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
}

/** The customer record's facts. */
export interface CustomerFacts {
  id: string;
  email: string | null;
  /** `metadata.plankit_user_id`: the app user this customer belongs to. */
  userId: string | null;
  currency: string | null;
  /** `invoice_settings.default_payment_method`. */
  defaultPaymentMethod: PaymentMethodFacts | null;
  /** `metadata.plankit_retention` on the customer: the retention offer was made to this customer. */
  retention: string | null;
}

/** One subscription item with its price's facts. */
export interface SubscriptionItemFacts {
  id: string;
  priceId: string;
  productId: string;
  lookupKey: string | null;
  unitAmount: number | null;
  currency: string;
  interval: string | null;
  intervalCount: number | null;
  quantity: number;
  currentPeriodStart: number;
  currentPeriodEnd: number;
}

/** A discount on the subscription, with its coupon's facts. */
export interface DiscountFacts {
  id: string;
  couponId: string | null;
  name: string | null;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  duration: string | null;
  durationInMonths: number | null;
  start: number | null;
  end: number | null;
}

/** One subscription's facts; times are Stripe's unix seconds. */
export interface SubscriptionFacts {
  id: string;
  status: string;
  created: number;
  startDate: number;
  currency: string;
  items: SubscriptionItemFacts[];
  discounts: DiscountFacts[];
  trialStart: number | null;
  trialEnd: number | null;
  cancelAt: number | null;
  cancelAtPeriodEnd: boolean;
  canceledAt: number | null;
  endedAt: number | null;
  cancellation: { reason: string | null; feedback: string | null; comment: string | null } | null;
  /** The plan item's period (the first item's when none is known): Stripe keeps periods on items. */
  currentPeriodStart: number | null;
  currentPeriodEnd: number | null;
  defaultPaymentMethod: PaymentMethodFacts | null;
  /** The subscription metadata Plankit reads: `plankit_retention` and `plankit_customer_cancel_at`. */
  retention: string | null;
  customerCancelAt: string | null;
  scheduleId: string | null;
  latestInvoice: { id: string; status: string | null } | null;
}

/** A customer's billing state as fetched from Stripe: what a snapshot holds, before it is versioned. */
export interface BillingState {
  schemaVersion: typeof billingSnapshotSchemaVersion;
  customerId: string;
  /** True when Stripe says the customer was deleted (or never existed): then `customer` is null. */
  deleted: boolean;
  customer: CustomerFacts | null;
  /** Every subscription that is not `canceled` or `incomplete_expired`, newest first. */
  subscriptions: SubscriptionFacts[];
  /** The most recent ended (`canceled`) subscriptions, newest first, at most {@link endedSubscriptionsKept}. */
  endedSubscriptions: SubscriptionFacts[];
  /** Whether the customer ever had a subscription other than `incomplete_expired` ("first subscription" rules). */
  hadSubscription: boolean;
  /** Reserved: the active entitlement summary's lookup keys. */
  entitlements?: { lookupKeys: string[] };
  /** Reserved: meter summaries, by meter id. */
  usage?: Record<string, { aggregatedValue: number; periodStart: number; periodEnd: number }>;
  /** Reserved: the billing account (a user or a team) this customer pays for. */
  account?: { kind: 'user' | 'team'; id: string };
  /** Reserved: tax and currency facts. */
  tax?: { country: string | null; exempt: string | null; taxIds: string[] };
  /** Reserved: subscription schedules' phases, by schedule id. */
  schedules?: Record<string, { phases: { start: number; end: number | null; priceIds: string[] }[] }>;
}

/** A stored snapshot: the state plus its write version (from the sync counter) and when it was fetched (ms). */
export interface BillingSnapshot extends BillingState {
  version: number;
  syncedAt: number;
}

/** How many ended subscriptions a snapshot keeps (rules look at the recent past, not the whole history). */
export const endedSubscriptionsKept = 3;

/** Statuses that mean the subscription is over. */
export function isEndedStatus(status: string): boolean {
  return status === 'canceled' || status === 'incomplete_expired';
}
