import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { mayLiftCancellation } from './customer-cancellation';
import { retentionMetadataKey } from './summarize';

const daySeconds = 24 * 60 * 60;

/**
 * Whether the retention coupon may be offered on this cancellation: not yet offered for this subscription, nor (by
 * default) to this customer on an earlier one; not during a trial unless `retention.duringTrial`; and only once the
 * subscription is `retention.minTenureDays` old. The customer is checked last, so most refusals cost no Stripe call.
 */
export async function retentionOfferable(
  ctx: PlankitContext,
  subscription: Stripe.Subscription,
  customer: string,
): Promise<boolean> {
  const retention = ctx.options.retention;
  if (!retention) return false;
  if (subscription.metadata?.[retentionMetadataKey] || subscription.cancel_at_period_end) return false;
  // Accepting would not lift a cancellation the merchant scheduled, so the coupon would buy nothing.
  if (subscription.cancel_at !== null && !mayLiftCancellation(ctx, subscription)) return false;
  if (subscription.status === 'trialing' && !retention.duringTrial) return false;
  const tenureDays = (Math.floor(Date.now() / 1000) - subscription.start_date) / daySeconds;
  if (tenureDays < (retention.minTenureDays ?? 0)) return false;
  if ((retention.oncePer ?? 'customer') === 'subscription') return true;
  const found = await ctx.stripe.customers.retrieve(customer);
  return (
    !('deleted' in found && found.deleted) && !(found as Stripe.Customer).metadata?.[retentionMetadataKey]
  );
}
