import {
  type BillingInterval,
  billingIntervals,
  isCancellationReason,
  type SubscriptionItem,
  type SubscriptionSummary,
} from '@plankit/core';
import type Stripe from 'stripe';
import { entryForPrice, type ResolvedCatalog } from '../catalog/resolved-catalog';

/** Subscription metadata key remembering the retention offer: "offered", then "accepted". */
export const retentionMetadataKey = 'plankit_retention';

/** The fields Plankit expands when it reads a subscription, so one call gives everything the summary needs. */
export const subscriptionExpand = ['customer', 'default_payment_method', 'discounts.source.coupon'];

function iso(seconds: number | null | undefined): string | null {
  return typeof seconds === 'number' ? new Date(seconds * 1000).toISOString() : null;
}

function summarizeDiscount(discounts: Stripe.Subscription['discounts']): SubscriptionSummary['discount'] {
  const discount = discounts.find((entry): entry is Stripe.Discount => typeof entry !== 'string');
  const coupon = discount?.source?.coupon;
  if (!discount || !coupon || typeof coupon === 'string') return null;
  return {
    name: coupon.name ?? null,
    percentOff: coupon.percent_off ?? null,
    amountOff: coupon.amount_off ?? null,
    currency: coupon.currency ?? null,
    duration: coupon.duration as NonNullable<SubscriptionSummary['discount']>['duration'],
    durationInMonths: coupon.duration_in_months ?? null,
    end: iso(discount.end),
  };
}

function summarizePaymentMethod(
  method: Stripe.Subscription['default_payment_method'],
): SubscriptionSummary['paymentMethod'] {
  if (!method || typeof method === 'string' || !method.card) return null;
  return {
    brand: method.card.brand,
    last4: method.card.last4,
    expMonth: method.card.exp_month,
    expYear: method.card.exp_year,
  };
}

/** Maps a Stripe subscription to the summary the browser sees: plan keys, never price ids. */
export function summarizeSubscription(
  subscription: Stripe.Subscription,
  catalog: ResolvedCatalog,
  /** Whether the retention offer would be made (see `retentionMayBeOffered`). */
  retentionOffer: boolean,
): SubscriptionSummary {
  const items: SubscriptionItem[] = [];
  let planKey: string | null = null;
  let interval: BillingInterval | null = null;
  let quantity: number | null = null;
  const addOns: string[] = [];
  for (const item of subscription.items.data) {
    const known = entryForPrice(catalog, item.price.id);
    const kind = known ? known.entry.kind : 'other';
    items.push({
      id: item.id,
      kind,
      key: known?.entry.key ?? null,
      quantity: item.quantity ?? 0,
      unitAmount: item.price.unit_amount ?? null,
    });
    if (known?.entry.kind === 'plan' && planKey === null) {
      planKey = known.entry.key;
      quantity = item.quantity ?? 0;
    }
    if (known?.entry.kind === 'add_on') addOns.push(known.entry.key);
  }
  const first = subscription.items.data[0];
  const planItem = subscription.items.data.find(
    (item) => entryForPrice(catalog, item.price.id)?.entry.kind === 'plan',
  );
  const recurring = (planItem ?? first)?.price.recurring?.interval;
  if (recurring && (billingIntervals as readonly string[]).includes(recurring))
    interval = recurring as BillingInterval;
  const periodEnd = (planItem ?? first)?.current_period_end;
  const details = subscription.cancellation_details;
  const feedback = details?.feedback ?? null;
  const retention = subscription.metadata?.[retentionMetadataKey];
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
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: iso(subscription.cancel_at),
    trialEnd: iso(subscription.trial_end),
    discount: summarizeDiscount(subscription.discounts ?? []),
    paymentMethod: summarizePaymentMethod(subscription.default_payment_method),
    cancellation:
      details && (feedback || details.comment)
        ? { reason: isCancellationReason(feedback) ? feedback : null, comment: details.comment ?? null }
        : null,
    retentionOfferAvailable: retentionOffer && !retention && subscription.status !== 'canceled',
  };
}
