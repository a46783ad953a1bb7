import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import type { Identity } from '../customers/identity';
import { PlankitError } from '../http/plankit-error';
import { isResourceMissing } from '../stripe/map-stripe-error';
import { subscriptionExpand } from './summarize';

/**
 * Fetches a subscription and checks it belongs to the caller's customer before anything is changed.
 * Unknown, foreign and malformed ids all answer `subscription_not_found`, so ids cannot be probed.
 */
export async function ownedSubscription(
  ctx: PlankitContext,
  identity: Identity,
  subscriptionId: string,
): Promise<{ subscription: Stripe.Subscription; customer: string }> {
  const customer = await ctx.customers.resolve(identity, { create: false });
  if (!customer) throw new PlankitError('subscription_not_found');
  let subscription: Stripe.Subscription;
  try {
    subscription = await ctx.stripe.subscriptions.retrieve(subscriptionId, { expand: subscriptionExpand });
  } catch (error) {
    if (isResourceMissing(error)) throw new PlankitError('subscription_not_found');
    throw error;
  }
  const owner = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
  if (owner !== customer) {
    ctx.logger.warn(
      `Plankit: user ${identity.userId} asked for subscription ${subscriptionId} of another customer`,
    );
    throw new PlankitError('subscription_not_found');
  }
  return { subscription, customer };
}
