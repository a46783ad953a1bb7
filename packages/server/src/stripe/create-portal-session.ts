import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { PlankitError } from '../http/plankit-error';

/**
 * Stripe's refusal when the account has no usable portal configuration: no default saved in the Dashboard, or the
 * configured id missing or deactivated. Read by the error's `type` (not `instanceof`), so a `stripe` instance from
 * another copy of the SDK is recognized too.
 */
function missingConfiguration(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { type, param, message } = error as { type?: unknown; param?: unknown; message?: unknown };
  if (type !== 'StripeInvalidRequestError' && type !== 'invalid_request_error') return false;
  if (param === 'configuration') return true;
  return typeof message === 'string' && /default configuration has not been created/i.test(message);
}

function fixHint(ctx: PlankitContext): string {
  const configured = ctx.options.portal?.configuration;
  const what = configured
    ? `the portal configuration ${configured} (createPlankit's portal.configuration) does not exist or is not active`
    : 'the Stripe account has no default customer portal configuration';
  return `Plankit: portal_not_configured: ${what}. Run \`plankit doctor --fix\` to create one, or save the portal settings in the Stripe Dashboard (Settings > Billing > Customer portal) and pass its id as portal.configuration.`;
}

/** Creates a portal session with the app's portal configuration, if one is set. */
export async function createPortalSession(
  ctx: PlankitContext,
  params: Stripe.BillingPortal.SessionCreateParams,
): Promise<string> {
  if (ctx.options.portal?.configuration) params.configuration = ctx.options.portal.configuration;
  try {
    const session = await ctx.stripe.billingPortal.sessions.create(params);
    return session.url;
  } catch (error) {
    if (!missingConfiguration(error)) throw error;
    ctx.logger.error(fixHint(ctx), error);
    throw new PlankitError('portal_not_configured');
  }
}
