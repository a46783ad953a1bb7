import type Stripe from 'stripe';
import { userIdMetadataKey } from '../customers/customer-recovery';
import { customerCancelAtMetadataKey } from '../subscriptions/customer-cancellation';
import { retentionMetadataKey } from '../subscriptions/retention-metadata';
import type { CustomerFacts, DiscountFacts, PaymentMethodFacts, SubscriptionFacts } from './billing-snapshot';

/** Stripe objects to snapshot facts, for any read of them (the list's, or a mutation's answer). */

type Expandable<T> = string | T | null | undefined;

function idOf(value: Expandable<{ id: string }>): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

function paymentMethodFacts(method: Expandable<Stripe.PaymentMethod>): PaymentMethodFacts | null {
  if (!method) return null;
  if (typeof method === 'string') {
    return { id: method, type: 'unknown', brand: null, last4: null, expMonth: null, expYear: null };
  }
  return {
    id: method.id,
    type: method.type,
    brand: method.card?.brand ?? null,
    last4: method.card?.last4 ?? null,
    expMonth: method.card?.exp_month ?? null,
    expYear: method.card?.exp_year ?? null,
  };
}

/** The customer's facts from its record (as expanded on a subscription or retrieved). */
export function customerFacts(customer: Stripe.Customer): CustomerFacts {
  const settings = customer.invoice_settings?.default_payment_method as Expandable<Stripe.PaymentMethod>;
  return {
    id: customer.id,
    email: customer.email ?? null,
    userId: customer.metadata?.[userIdMetadataKey] ?? null,
    currency: customer.currency ?? null,
    defaultPaymentMethod: paymentMethodFacts(settings),
    retention: customer.metadata?.[retentionMetadataKey] ?? null,
  };
}

function discountFacts(discount: Stripe.Discount): DiscountFacts {
  const coupon = discount.source?.coupon;
  const known = coupon && typeof coupon !== 'string' ? coupon : null;
  return {
    id: discount.id,
    couponId: idOf(coupon),
    name: known?.name ?? null,
    percentOff: known?.percent_off ?? null,
    amountOff: known?.amount_off ?? null,
    currency: known?.currency ?? null,
    duration: known?.duration ?? null,
    durationInMonths: known?.duration_in_months ?? null,
    start: discount.start ?? null,
    end: discount.end ?? null,
  };
}

/**
 * One subscription's facts. Works on any read of a subscription; the fields that need an expansion (payment
 * method card, coupon, latest invoice status) are null or bare ids when it was not expanded.
 */
export function subscriptionFacts(subscription: Stripe.Subscription): SubscriptionFacts {
  const items = subscription.items.data.map((item) => ({
    id: item.id,
    priceId: item.price.id,
    productId: idOf(item.price.product as Expandable<{ id: string }>) ?? '',
    lookupKey: item.price.lookup_key ?? null,
    unitAmount: item.price.unit_amount ?? null,
    currency: item.price.currency,
    interval: item.price.recurring?.interval ?? null,
    intervalCount: item.price.recurring?.interval_count ?? null,
    quantity: item.quantity ?? 0,
    currentPeriodStart: item.current_period_start,
    currentPeriodEnd: item.current_period_end,
  }));
  const first = items[0];
  const details = subscription.cancellation_details;
  const invoice = subscription.latest_invoice;
  return {
    id: subscription.id,
    status: subscription.status,
    created: subscription.created,
    startDate: subscription.start_date,
    currency: subscription.currency,
    items,
    discounts: (subscription.discounts ?? [])
      .filter((entry): entry is Stripe.Discount => typeof entry !== 'string')
      .map(discountFacts),
    trialStart: subscription.trial_start ?? null,
    trialEnd: subscription.trial_end ?? null,
    cancelAt: subscription.cancel_at ?? null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    canceledAt: subscription.canceled_at ?? null,
    endedAt: subscription.ended_at ?? null,
    cancellation:
      details && (details.reason || details.feedback || details.comment)
        ? {
            reason: details.reason ?? null,
            feedback: details.feedback ?? null,
            comment: details.comment ?? null,
          }
        : null,
    currentPeriodStart: first?.currentPeriodStart ?? null,
    currentPeriodEnd: first?.currentPeriodEnd ?? null,
    defaultPaymentMethod: paymentMethodFacts(
      subscription.default_payment_method as Expandable<Stripe.PaymentMethod>,
    ),
    retention: subscription.metadata?.[retentionMetadataKey] || null,
    customerCancelAt: subscription.metadata?.[customerCancelAtMetadataKey] || null,
    scheduleId: idOf(subscription.schedule),
    latestInvoice:
      invoice && typeof invoice !== 'string'
        ? { id: invoice.id ?? '', status: invoice.status ?? null }
        : invoice
          ? { id: invoice, status: null }
          : null,
  };
}
