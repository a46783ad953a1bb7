import {
  type BillingInterval,
  billingIntervals,
  isCancellationReason,
  type SubscriptionItem,
  type SubscriptionSummary,
} from '@plankit/core';
import type Stripe from 'stripe';
import { entryForPrice, type ResolvedCatalog } from '../catalog/resolved-catalog';
import type { DiscountFacts, PaymentMethodFacts, SubscriptionFacts } from '../state/billing-snapshot';
import { subscriptionFacts } from '../state/stripe-facts';

export { retentionMetadataKey } from './retention-metadata';

/** The fields Plankit expands when it reads a subscription, so one call gives everything the summary needs. */
export const subscriptionExpand = ['customer', 'default_payment_method', 'discounts.source.coupon'];

function iso(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null;
}

function summarizeDiscount(discounts: DiscountFacts[]): SubscriptionSummary['discount'] {
  // A discount whose coupon was not expanded has no duration: nothing to show.
  const discount = discounts.find((entry) => entry.duration !== null);
  if (!discount) return null;
  return {
    name: discount.name,
    percentOff: discount.percentOff,
    amountOff: discount.amountOff,
    currency: discount.currency,
    duration: discount.duration as NonNullable<SubscriptionSummary['discount']>['duration'],
    durationInMonths: discount.durationInMonths,
    end: iso(discount.end),
  };
}

function summarizePaymentMethod(method: PaymentMethodFacts | null): SubscriptionSummary['paymentMethod'] {
  if (!method || method.brand === null || method.last4 === null) return null;
  if (method.expMonth === null || method.expYear === null) return null;
  return { brand: method.brand, last4: method.last4, expMonth: method.expMonth, expYear: method.expYear };
}

/** Maps a subscription's facts (from a snapshot or a live read) to the summary the browser sees: plan keys, never price ids. */
export function summarizeFacts(
  subscription: SubscriptionFacts,
  catalog: ResolvedCatalog,
  /** Whether the retention offer would be made (see `retentionMayBeOffered`). */
  retentionOffer: boolean,
): SubscriptionSummary {
  const items: SubscriptionItem[] = [];
  let planKey: string | null = null;
  let interval: BillingInterval | null = null;
  let quantity: number | null = null;
  const addOns: string[] = [];
  for (const item of subscription.items) {
    const known = entryForPrice(catalog, item.priceId);
    const kind = known ? known.entry.kind : 'other';
    items.push({
      id: item.id,
      kind,
      key: known?.entry.key ?? null,
      quantity: item.quantity,
      unitAmount: item.unitAmount,
    });
    if (known?.entry.kind === 'plan' && planKey === null) {
      planKey = known.entry.key;
      quantity = item.quantity;
    }
    if (known?.entry.kind === 'add_on') addOns.push(known.entry.key);
  }
  const first = subscription.items[0];
  const planItem = subscription.items.find(
    (item) => entryForPrice(catalog, item.priceId)?.entry.kind === 'plan',
  );
  const recurring = (planItem ?? first)?.interval;
  if (recurring && (billingIntervals as readonly string[]).includes(recurring))
    interval = recurring as BillingInterval;
  const periodEnd = (planItem ?? first)?.currentPeriodEnd;
  const details = subscription.cancellation;
  const feedback = details?.feedback ?? null;
  return {
    id: subscription.id,
    status: subscription.status as SubscriptionSummary['status'],
    planKey,
    interval,
    currency: subscription.currency,
    quantity: quantity ?? first?.quantity ?? 0,
    addOns,
    items,
    currentPeriodEnd: iso(periodEnd),
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    cancelAt: iso(subscription.cancelAt),
    trialEnd: iso(subscription.trialEnd),
    discount: summarizeDiscount(subscription.discounts),
    paymentMethod: summarizePaymentMethod(subscription.defaultPaymentMethod),
    cancellation:
      details && (feedback || details.comment)
        ? { reason: isCancellationReason(feedback) ? feedback : null, comment: details.comment ?? null }
        : null,
    retentionOfferAvailable: retentionOffer && !subscription.retention && subscription.status !== 'canceled',
  };
}

/** {@link summarizeFacts} of a subscription read live from Stripe (a mutation's answer). */
export function summarizeSubscription(
  subscription: Stripe.Subscription,
  catalog: ResolvedCatalog,
  retentionOffer: boolean,
): SubscriptionSummary {
  return summarizeFacts(subscriptionFacts(subscription), catalog, retentionOffer);
}
