/** Every status a Stripe subscription can have. */
export const subscriptionStatuses = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;

export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

/**
 * Statuses that count as "already subscribed" (seed 000 lists active, past_due, unpaid and paused;
 * Plankit also counts trialing): such a customer is sent to manage the subscription, never to a new Checkout.
 */
export const subscribedStatuses = [
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
] as const satisfies readonly SubscriptionStatus[];

/** A subscription still being paid for (first payment pending): a second Checkout must not start meanwhile. */
export const inProgressStatuses = ['incomplete'] as const satisfies readonly SubscriptionStatus[];

/** Statuses in which the customer needs to fix their payment method. */
export const paymentIssueStatuses = ['past_due', 'unpaid'] as const satisfies readonly SubscriptionStatus[];

/** Whether a subscription in this status counts as the customer's one subscription. */
export function isSubscribedStatus(status: string): boolean {
  return (subscribedStatuses as readonly string[]).includes(status);
}

/** Whether a subscription in this status blocks a new Checkout (subscribed or first payment in progress). */
export function blocksNewCheckout(status: string): boolean {
  return isSubscribedStatus(status) || (inProgressStatuses as readonly string[]).includes(status);
}

/** Whether a subscription in this status needs a new payment method. */
export function hasPaymentIssue(status: string): boolean {
  return (paymentIssueStatuses as readonly string[]).includes(status);
}
