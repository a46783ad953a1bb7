import { blocksNewCheckout, type CheckoutResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { Bundle } from '../catalog/resolve-bundle';
import type { PlankitContext } from '../context';
import { userIdMetadataKey } from '../customers/customer-resolver';
import type { Identity } from '../customers/identity';
import { PlankitError } from '../http/plankit-error';
import { withAttemptKey } from '../stripe/attempt-key';
import { idempotencyKey } from '../stripe/idempotency-key';
import { isIdempotencyConflict, isResourceMissing } from '../stripe/map-stripe-error';
import { stripeLocale } from '../stripe/stripe-locale';
import { newCustomerState, readCheckoutState } from './checkout-state';
import { cancelUrl, successUrl } from './return-urls';

/** Session metadata key holding the request fingerprint, to recognise a reusable open session. */
export const fingerprintMetadataKey = 'plankit_fingerprint';

/** What the caller asked for, already checked. */
export interface CheckoutPlan {
  bundle: Bundle;
  returnTo: string;
  promotionCodeId: string | null;
  locale: string | undefined;
  trialDays: number | null;
  fingerprint: string;
}

const maxAttempts = 3;

async function expireSession(stripe: Stripe, session: Stripe.Checkout.Session): Promise<boolean> {
  try {
    await stripe.checkout.sessions.expire(
      session.id,
      {},
      { idempotencyKey: idempotencyKey('expire', session.id) },
    );
    return true;
  } catch (error) {
    // Already completed or expired by someone else: the state changed under us, so look again.
    if (error instanceof Error && 'type' in error && error.type === 'StripeInvalidRequestError') return false;
    throw error;
  }
}

function sessionParams(
  ctx: PlankitContext,
  identity: Identity,
  customer: string,
  plan: CheckoutPlan,
  firstSubscription: boolean,
): Stripe.Checkout.SessionCreateParams {
  const metadata = {
    [userIdMetadataKey]: identity.userId,
    plankit_plan: plan.bundle.plan,
    plankit_interval: plan.bundle.interval,
    [fingerprintMetadataKey]: plan.fingerprint,
  };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: 'subscription',
    customer,
    line_items: plan.bundle.items.map((item) => ({ price: item.price.id, quantity: item.quantity })),
    success_url: successUrl(plan.returnTo),
    cancel_url: cancelUrl(plan.returnTo),
    metadata,
    subscription_data: {
      metadata: { [userIdMetadataKey]: identity.userId, plankit_plan: plan.bundle.plan },
    },
  };
  // A trial is for a first subscription only, or cancelling and re-subscribing would restart it for free.
  if (plan.trialDays !== null && firstSubscription && params.subscription_data) {
    params.subscription_data.trial_period_days = plan.trialDays;
  }
  if (plan.promotionCodeId) params.discounts = [{ promotion_code: plan.promotionCodeId }];
  else if (ctx.options.checkout?.allowPromotionCodes) params.allow_promotion_codes = true;
  if (ctx.options.checkout?.automaticTax) {
    params.automatic_tax = { enabled: true };
    params.customer_update = { address: 'auto', name: 'auto' };
  }
  const locale = stripeLocale(plan.locale);
  if (locale) params.locale = locale as Stripe.Checkout.SessionCreateParams.Locale;
  return params;
}

/** A portal session for a customer who is already subscribed (seed 000). */
async function portalRedirect(
  ctx: PlankitContext,
  customer: string,
  returnTo: string,
): Promise<CheckoutResponse> {
  const params: Stripe.BillingPortal.SessionCreateParams = { customer, return_url: returnTo };
  if (ctx.options.portal?.configuration) params.configuration = ctx.options.portal.configuration;
  const portal = await ctx.stripe.billingPortal.sessions.create(params);
  return { type: 'redirect', reason: 'already_subscribed', url: portal.url };
}

/**
 * One look at the customer's Stripe state and one decision. Returns null when the state changed under us
 * (a session completed or expired meanwhile), so the caller looks again.
 */
async function attempt(
  ctx: PlankitContext,
  identity: Identity,
  customer: string,
  createdNow: boolean,
  plan: CheckoutPlan,
): Promise<CheckoutResponse | null> {
  // A customer this request created (Stripe did not replay another request's creation) has no subscriptions or
  // sessions: skip looking. The session key below is then anchored on "none", exactly what a look would have
  // given; should another request have found the customer and started a session meanwhile, Stripe replays that
  // session (checked below) or refuses this one as an idempotency conflict, and the next round looks.
  const { subscriptions, newest, open } = createdNow
    ? newCustomerState()
    : await readCheckoutState(ctx, customer);
  if (subscriptions.data.some((subscription) => blocksNewCheckout(subscription.status))) {
    // A subscribed customer must not be able to pay a session left open in another tab.
    for (const session of open) await expireSession(ctx.stripe, session);
    return portalRedirect(ctx, customer, plan.returnTo);
  }
  // The two lists are read in parallel, so Stripe may answer the subscriptions list before a payment and the
  // sessions list after it: the paid session is then complete while its subscription is missing from the list.
  // Look again rather than open a second Checkout for a customer who has just paid. This holds while the list is
  // whole; a customer with more than 100 subscriptions (`has_more`) is not checked this way.
  const listed = new Set(subscriptions.data.map((subscription) => subscription.id));
  const paidMeanwhile =
    !subscriptions.has_more &&
    newest.some(
      (session) =>
        session.status === 'complete' &&
        typeof session.subscription === 'string' &&
        !listed.has(session.subscription),
    );
  if (paidMeanwhile) return null;
  const reusable = open.find((session) => session.metadata?.[fingerprintMetadataKey] === plan.fingerprint);
  for (const session of open) {
    if (session !== reusable && !(await expireSession(ctx.stripe, session))) return null;
  }
  if (reusable?.url) return { type: 'checkout', url: reusable.url, sessionId: reusable.id };
  // The key names the newest session the customer had when we looked. Every request, on any instance, that saw
  // the same state computes the same key, so Stripe creates one session for all of them (same parameters) or
  // refuses the others (different parameters). The next session can only be keyed on this one.
  const anchor = newest[0]?.id ?? 'none';
  const firstSubscription = !subscriptions.data.some(
    (subscription) => subscription.status !== 'incomplete_expired',
  );
  const params = sessionParams(ctx, identity, customer, plan, firstSubscription);
  const created = await withAttemptKey(ctx.store, 'checkout', [customer, anchor], (key) =>
    ctx.stripe.checkout.sessions.create(params, { idempotencyKey: key }),
  );
  if (created.lastResponse?.headers?.['idempotent-replayed'] === 'true') {
    // Another request created it moments ago; make sure nobody has replaced it since.
    const current = await ctx.stripe.checkout.sessions.retrieve(created.id);
    if (current.status !== 'open' || !current.url) return null;
  }
  if (!created.url) throw new Error('Stripe returned a Checkout session without a url');
  return { type: 'checkout', url: created.url, sessionId: created.id };
}

/**
 * Starts (or resumes) the caller's Checkout while enforcing one subscription per customer:
 * subscribed or paying customers (core's `blocksNewCheckout`) are sent to the portal; an open session for the same
 * request is reused; other open sessions are expired before a new one is created, so at most one is open.
 */
export async function runCheckout(
  ctx: PlankitContext,
  identity: Identity,
  plan: CheckoutPlan,
): Promise<CheckoutResponse> {
  let deleted: string | undefined;
  for (let round = 0; round < maxAttempts; round += 1) {
    const { id: customer, created } = await ctx.customers.resolveForCheckout(
      identity,
      deleted ? { replacing: deleted } : {},
    );
    try {
      const outcome = await attempt(ctx, identity, customer, created, plan);
      if (outcome) return outcome;
    } catch (error) {
      if (isResourceMissing(error, 'customer')) {
        deleted = customer;
        await ctx.customers.forget(identity);
        continue;
      }
      if (isIdempotencyConflict(error)) continue;
      throw error;
    }
  }
  throw new PlankitError('checkout_in_progress');
}
