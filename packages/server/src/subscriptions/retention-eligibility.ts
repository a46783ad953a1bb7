import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import type { CustomerFacts, SubscriptionFacts } from '../state/billing-snapshot';
import { customerFacts, subscriptionFacts } from '../state/stripe-facts';
import { mayLiftFacts } from './customer-cancellation';
import { retentionMetadataKey } from './retention-metadata';

const daySeconds = 24 * 60 * 60;

/** The customer's record when the subscription carries it expanded (Plankit's reads expand it). */
function expandedCustomer(
  subscription: Stripe.Subscription,
): Stripe.Customer | Stripe.DeletedCustomer | null {
  return typeof subscription.customer === 'string' ? null : subscription.customer;
}

/** What is known of the customer's retention mark: their facts, 'deleted', or undefined when not read. */
export type RetentionCustomer = CustomerFacts | 'deleted' | undefined;

/**
 * Whether the retention coupon may be offered on this subscription's cancellation, from what the subscription says:
 * not yet offered for it, nor (by default) to its customer on an earlier one when the customer is known; not
 * during a trial unless `retention.duringTrial`; only once it is `retention.minTenureDays` old; never on a
 * cancellation already scheduled. This is also the summary's `retentionOfferAvailable`, so the kit asks for the
 * offer exactly when the server would make it. Works from snapshot facts (reads) as from live reads (mutations).
 */
export function retentionMayBeOfferedFacts(
  ctx: PlankitContext,
  subscription: SubscriptionFacts,
  customer: RetentionCustomer,
): boolean {
  const retention = ctx.options.retention;
  if (!retention || subscription.status === 'canceled') return false;
  if (subscription.retention || subscription.cancelAtPeriodEnd) return false;
  // Accepting would not lift a cancellation the merchant scheduled, so the coupon would buy nothing.
  if (subscription.cancelAt !== null && !mayLiftFacts(ctx, subscription)) return false;
  if (subscription.status === 'trialing' && !retention.duringTrial) return false;
  const tenureDays = (Math.floor(Date.now() / 1000) - subscription.startDate) / daySeconds;
  if (tenureDays < (retention.minTenureDays ?? 0)) return false;
  if ((retention.oncePer ?? 'customer') === 'subscription') return true;
  return customer === undefined || (customer !== 'deleted' && !customer.retention);
}

/** {@link retentionMayBeOfferedFacts} of a subscription read live (its customer expanded when Plankit read it). */
export function retentionMayBeOffered(ctx: PlankitContext, subscription: Stripe.Subscription): boolean {
  const customer = expandedCustomer(subscription);
  const known: RetentionCustomer =
    customer === null
      ? undefined
      : 'deleted' in customer && customer.deleted
        ? 'deleted'
        : customerFacts(customer);
  return retentionMayBeOfferedFacts(ctx, subscriptionFacts(subscription), known);
}

/**
 * {@link retentionMayBeOffered}, plus the customer's record read from Stripe when the subscription does not carry
 * it (one call): by default the offer is made once per customer, whatever their subscriptions.
 */
export async function retentionOfferable(
  ctx: PlankitContext,
  subscription: Stripe.Subscription,
  customer: string,
): Promise<boolean> {
  if (!retentionMayBeOffered(ctx, subscription)) return false;
  if ((ctx.options.retention?.oncePer ?? 'customer') === 'subscription' || expandedCustomer(subscription))
    return true;
  const found = await ctx.stripe.customers.retrieve(customer);
  return (
    !('deleted' in found && found.deleted) && !(found as Stripe.Customer).metadata?.[retentionMetadataKey]
  );
}
