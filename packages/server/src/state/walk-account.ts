import type Stripe from 'stripe';
import { userIdMetadataKey } from '../customers/customer-recovery';

/** What one walk of the account found: Plankit's customers and every subscription, grouped by customer. */
export interface AccountWalk {
  /** Customers whose metadata names a Plankit user (`plankit_user_id`), in Stripe's list order. */
  customers: Array<{ customer: Stripe.Customer; userId: string }>;
  /** Every subscription of each customer (any status), newest first as Stripe lists them. */
  subscriptionsByCustomer: Map<string, Stripe.Subscription[]>;
  subscriptionsSeen: number;
}

function idOf(value: string | { id: string }): string {
  return typeof value === 'string' ? value : value.id;
}

/**
 * Walks every customer and every subscription (`status: 'all'`) with the SDK's auto-pagination, 100 a page.
 * Lists, not search: a list sees every write at once, search lags and is rate-limited.
 */
export async function walkAccount(stripe: Stripe): Promise<AccountWalk> {
  const customers: AccountWalk['customers'] = [];
  for await (const customer of stripe.customers.list({ limit: 100 })) {
    const userId = customer.metadata?.[userIdMetadataKey];
    if (userId) customers.push({ customer, userId });
  }
  const subscriptionsByCustomer = new Map<string, Stripe.Subscription[]>();
  let subscriptionsSeen = 0;
  for await (const subscription of stripe.subscriptions.list({ status: 'all', limit: 100 })) {
    subscriptionsSeen += 1;
    const customerId = idOf(subscription.customer);
    const list = subscriptionsByCustomer.get(customerId) ?? [];
    list.push(subscription);
    subscriptionsByCustomer.set(customerId, list);
  }
  return { customers, subscriptionsByCustomer, subscriptionsSeen };
}
