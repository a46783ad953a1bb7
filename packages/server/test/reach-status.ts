import type { Emulator } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';
import { subscribeDirectly } from './harness';

const day = 86_400;

/**
 * Puts a fresh customer's only subscription into each status with Stripe's own mechanics (failing cards, the
 * emulator's clock), for tests that go over every status.
 */
export function statusMakers(env: { emulator: Emulator; stripe: Stripe }) {
  async function priceId(lookupKey: string): Promise<string> {
    const prices = await env.stripe.prices.list({ lookup_keys: [lookupKey] });
    return prices.data[0]!.id;
  }

  async function incompleteSubscription(customer: string): Promise<Stripe.Subscription> {
    return env.stripe.subscriptions.create({
      customer,
      items: [{ price: await priceId('pro_monthly') }],
      default_payment_method: 'pm_card_chargeCustomerFail',
      payment_behavior: 'default_incomplete',
    });
  }

  /** From now on the subscription's charges fail (Stripe's 4000 0000 0000 0341 card: attaches, then declines). */
  async function switchToFailingCard(customer: string, subscription: string) {
    const card = await env.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await env.stripe.subscriptions.update(subscription, { default_payment_method: card.id });
  }

  /** Moves the emulator's clock a day at a time until the subscription reaches the status (bounded). */
  async function advanceUntil(subscription: string, status: Stripe.Subscription.Status, maxDays: number) {
    for (let elapsed = 0; elapsed <= maxDays; elapsed += 1) {
      const current = await env.stripe.subscriptions.retrieve(subscription);
      if (current.status === status) return;
      env.emulator.advanceClock(day);
    }
    throw new Error(`${subscription} did not reach ${status} within ${maxDays} days`);
  }

  /** Puts a fresh customer's only subscription into the given status with Stripe's own mechanics. */
  const makers: Record<Stripe.Subscription.Status, (customer: string) => Promise<unknown>> = {
    active: (customer) => subscribeDirectly(env.stripe, customer, ['pro_monthly']),
    trialing: async (customer) =>
      env.stripe.subscriptions.create({
        customer,
        items: [{ price: await priceId('pro_monthly') }],
        trial_period_days: 7,
      }),
    incomplete: (customer) => incompleteSubscription(customer),
    past_due: async (customer) => {
      const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
      await switchToFailingCard(customer, subscription.id);
      await advanceUntil(subscription.id, 'past_due', 40);
    },
    unpaid: async (customer) => {
      const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
      await switchToFailingCard(customer, subscription.id);
      await advanceUntil(subscription.id, 'unpaid', 70);
    },
    paused: async (customer) => {
      const subscription = await env.stripe.subscriptions.create({
        customer,
        items: [{ price: await priceId('pro_monthly') }],
        trial_period_days: 3,
        trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
      });
      await advanceUntil(subscription.id, 'paused', 5);
    },
    canceled: async (customer) => {
      const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
      await env.stripe.subscriptions.cancel(subscription.id);
    },
    incomplete_expired: async (customer) => {
      const subscription = await incompleteSubscription(customer);
      await advanceUntil(subscription.id, 'incomplete_expired', 3);
    },
  };
  return makers;
}
