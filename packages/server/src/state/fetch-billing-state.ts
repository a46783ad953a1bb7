import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { isResourceMissing } from '../stripe/map-stripe-error';
import {
  type BillingState,
  billingSnapshotSchemaVersion,
  endedSubscriptionsKept,
  isEndedStatus,
} from './billing-snapshot';
import { customerFacts, subscriptionFacts } from './stripe-facts';

export { customerFacts, subscriptionFacts } from './stripe-facts';

/** What fetching and syncing need from Plankit's context (reconciliation and tests pass just these). */
export type SyncContext = Pick<PlankitContext, 'stripe' | 'store'>;

/**
 * What one subscriptions.list expands so a single call carries every fact: the customer (with its default
 * payment method), each subscription's payment method, coupons and latest invoice. Depth stays within Stripe's 4.
 */
export const snapshotExpand = [
  'customer',
  'customer.invoice_settings.default_payment_method',
  'default_payment_method',
  'discounts.source.coupon',
  'latest_invoice',
];

async function retrieveCustomer(
  ctx: SyncContext,
  customerId: string,
): Promise<Stripe.Customer | Stripe.DeletedCustomer | null> {
  try {
    return await ctx.stripe.customers.retrieve(customerId, {
      expand: ['invoice_settings.default_payment_method'],
    });
  } catch (error) {
    if (isResourceMissing(error)) return null;
    throw error;
  }
}

/** Every subscription of the customer, expanded; none when Stripe does not know the customer. */
async function listSubscriptions(ctx: SyncContext, customerId: string): Promise<Stripe.Subscription[]> {
  try {
    return await ctx.stripe.subscriptions
      .list({
        customer: customerId,
        status: 'all',
        limit: 100,
        expand: snapshotExpand.map((field) => `data.${field}`),
      })
      .autoPagingToArray({ limit: 10_000 });
  } catch (error) {
    if (isResourceMissing(error)) return [];
    throw error;
  }
}

/**
 * Fetches the customer's billing state from Stripe in as few calls as possible: one subscriptions.list
 * (`status: 'all'`, every fact expanded, the customer included) for a customer with subscriptions; one more
 * customers.retrieve only when the list names none. A deleted (or unknown) customer gives a state that says so.
 */
export async function fetchBillingState(ctx: SyncContext, customerId: string): Promise<BillingState> {
  const all = await listSubscriptions(ctx, customerId);
  const expanded = all.find((subscription) => typeof subscription.customer !== 'string')?.customer;
  const customer =
    expanded && typeof expanded !== 'string' ? expanded : await retrieveCustomer(ctx, customerId);
  const deleted = !customer || ('deleted' in customer && customer.deleted === true);
  // Stripe lists newest first; keep that order.
  const facts = all.map(subscriptionFacts);
  return {
    schemaVersion: billingSnapshotSchemaVersion,
    customerId,
    deleted,
    customer: deleted ? null : customerFacts(customer as Stripe.Customer),
    subscriptions: facts.filter((subscription) => !isEndedStatus(subscription.status)),
    endedSubscriptions: facts
      .filter((subscription) => subscription.status === 'canceled')
      .slice(0, endedSubscriptionsKept),
    hadSubscription: facts.some((subscription) => subscription.status !== 'incomplete_expired'),
  };
}
