import type { Emulator } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';

/** Stripe calls the emulator saw since the last clear, as "METHOD /path". */
export function stripeCalls(emulator: Emulator): string[] {
  return emulator.requestLog().map((entry) => `${entry.method} ${entry.path}`);
}

/** Calls that change something in Stripe. */
export function stripeMutations(emulator: Emulator): string[] {
  return stripeCalls(emulator).filter((line) => line.startsWith('POST') || line.startsWith('DELETE'));
}

/** The Stripe customers Plankit created or linked for a user (by the metadata it writes). */
export function customersOf(emulator: Emulator, userId: string) {
  return Object.values(emulator.state.customers).filter(
    (customer) => customer.metadata?.plankit_user_id === userId,
  );
}

export function checkoutSessionsOf(emulator: Emulator, customer: string) {
  return Object.values(emulator.state.checkoutSessions).filter((session) => session.customer === customer);
}

/** Subscriptions that count for the one-subscription rule (everything but canceled and expired). */
export function liveSubscriptionsOf(emulator: Emulator, customer: string) {
  return Object.values(emulator.state.subscriptions).filter(
    (subscription) =>
      subscription.customer === customer &&
      subscription.status !== 'canceled' &&
      subscription.status !== 'incomplete_expired',
  );
}

/** Gives a customer an active subscription directly in Stripe (as if they had paid elsewhere). */
export async function subscribeDirectly(
  stripe: Stripe,
  customer: string,
  lookupKeys: string[],
  options: { quantity?: number } = {},
): Promise<Stripe.Subscription> {
  const prices = await stripe.prices.list({ lookup_keys: lookupKeys });
  return stripe.subscriptions.create({
    customer,
    items: lookupKeys.map((key) => {
      const price = prices.data.find((candidate) => candidate.lookup_key === key);
      if (!price) throw new Error(`No price with lookup key ${key}`);
      return { price: price.id, quantity: options.quantity ?? 1 };
    }),
    default_payment_method: 'pm_card_visa',
  });
}

/** Creates a customer the way Plankit links one (metadata plankit_user_id), so identify() finds it. */
export async function customerFor(stripe: Stripe, userId: string): Promise<string> {
  const customer = await stripe.customers.create({
    email: `${userId}@example.com`,
    name: `User ${userId}`,
    metadata: { plankit_user_id: userId },
  });
  return customer.id;
}

/** Paying through the emulator's hosted Checkout page lives in test-utils, shared with the other suites. */
export { payCheckout } from '@plankit/test-utils';
