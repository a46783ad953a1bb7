import type Stripe from 'stripe';
import type { PlankitContext } from '../context';

/** Creates a portal session with the app's portal configuration, if one is set. */
export async function createPortalSession(
  ctx: PlankitContext,
  params: Stripe.BillingPortal.SessionCreateParams,
): Promise<string> {
  if (ctx.options.portal?.configuration) params.configuration = ctx.options.portal.configuration;
  const session = await ctx.stripe.billingPortal.sessions.create(params);
  return session.url;
}
