import { blocksNewCheckout, isSubscribedStatus } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { idempotencyKey } from '../stripe/idempotency-key';
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
 * Looks at the customer's live subscriptions after a new one appears. With more than one (created outside
 * Plankit, or a race Plankit could not prevent), keeps the paid-and-oldest one and, when the app asks for it,
 * cancels the others. Deterministic, so every instance and every retry keeps the same one.
 */
export async function checkDuplicateSubscriptions(
  ctx: PlankitContext,
  customerId: string,
): Promise<DuplicateSubscriptionReport | null> {
  const list = await ctx.stripe.subscriptions.list({ customer: customerId, status: 'all', limit: 100 });
  // Stripe lists newest first; reversed, a stable sort keeps creation order for subscriptions created the same second.
  const live = list.data
    .filter((subscription) => blocksNewCheckout(subscription.status))
    .reverse()
    .sort(keepOrder);
  const [kept, ...duplicates] = live;
  if (!kept || duplicates.length === 0) return null;
  const cancel = ctx.options.webhook?.cancelDuplicates === true;
  ctx.logger.warn(
    `Plankit: customer ${customerId} has ${live.length} subscriptions; keeping ${kept.id}${cancel ? ', canceling the others' : ''}.`,
  );
  if (cancel) {
    for (const duplicate of duplicates) {
      try {
        await ctx.stripe.subscriptions.cancel(
          duplicate.id,
          { cancellation_details: { comment: 'Duplicate subscription canceled by Plankit.' } },
          { idempotencyKey: idempotencyKey('duplicate', duplicate.id) },
        );
      } catch (error) {
        // Another delivery (or instance) canceled it between our list and our cancel: the goal is reached.
        // Idempotency keys do not cover DELETE requests, so Stripe answers subscription_canceled instead of a replay.
        if (!isAlreadyCanceled(error)) throw error;
      }
    }
  }
  return { customerId, kept, duplicates, canceled: cancel };
}
