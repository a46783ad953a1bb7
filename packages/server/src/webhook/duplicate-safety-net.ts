import { blocksNewCheckout, isSubscribedStatus } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { stripeErrorFacts } from '../stripe/stripe-error-facts';
import type { DuplicateSubscriptionReport } from './webhook-callbacks';

function isAlreadyCanceled(error: unknown): boolean {
  const facts = stripeErrorFacts(error);
  return (
    facts?.kind === 'invalid_request' &&
    (facts.code === 'subscription_canceled' || facts.code === 'resource_missing')
  );
}

function keepOrder(a: Stripe.Subscription, b: Stripe.Subscription): number {
  const paid = Number(!isSubscribedStatus(a.status)) - Number(!isSubscribedStatus(b.status));
  return paid || a.created - b.created;
}

/**
 * The live subscriptions of one customer, the one to keep first: paid before unpaid, then the oldest.
 * Deterministic, so every instance, every retry and reconciliation keep the same one. `subscriptions` is in
 * Stripe's list order (newest first).
 */
export function liveInKeepOrder(subscriptions: readonly Stripe.Subscription[]): Stripe.Subscription[] {
  // Reversed, a stable sort keeps creation order for subscriptions created the same second.
  return subscriptions
    .filter((subscription) => blocksNewCheckout(subscription.status))
    .reverse()
    .sort(keepOrder);
}

/** Cancels an extra subscription; one already canceled (by another delivery or instance) counts as done. */
export async function cancelDuplicate(stripe: Stripe, subscriptionId: string): Promise<void> {
  try {
    // No idempotency key: Stripe ignores them on DELETE requests (a second cancel answers subscription_canceled).
    await stripe.subscriptions.cancel(subscriptionId, {
      cancellation_details: { comment: 'Duplicate subscription canceled by Plankit.' },
    });
  } catch (error) {
    // Another delivery (or instance) canceled it between our list and our cancel: the goal is reached.
    if (!isAlreadyCanceled(error)) throw error;
  }
}

/**
 * Looks at the customer's live subscriptions after a new one appears. With more than one (created outside
 * Plankit, or a race Plankit could not prevent), keeps the paid-and-oldest one and, when the app asks for it,
 * cancels the others. Deterministic, so every instance and every retry keeps the same one.
 */
export async function checkDuplicateSubscriptions(
  ctx: PlankitContext,
  customerId: string,
): Promise<DuplicateSubscriptionReport | null> {
  const list = await ctx.stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 });
  const live = liveInKeepOrder(list.data);
  const [kept, ...duplicates] = live;
  if (!kept || duplicates.length === 0) return null;
  const cancel = ctx.options.webhook?.cancelDuplicates === true;
  ctx.logger.warn(
    `Plankit: customer ${customerId} has ${live.length} subscriptions; keeping ${kept.id}${cancel ? ', canceling the others' : ''}.`,
  );
  if (cancel) {
    for (const duplicate of duplicates) await cancelDuplicate(ctx.stripe, duplicate.id);
  }
  return { customerId, kept, duplicates, canceled: cancel };
}
