import type { AfterCompletion, PortalRequest, PortalResponse } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext, RouteInput } from '../context';
import { PlankitError } from '../http/plankit-error';
import { resolveRedirect } from '../security/redirect';
import { acceptPromotionCode } from '../stripe/accept-promotion-code';
import { createPortalSession } from '../stripe/create-portal-session';
import { stripeLocale } from '../stripe/stripe-locale';
import { ownedSubscription } from '../subscriptions/owned-subscription';
import { planChange } from '../subscriptions/plan-change';
import { assertPortalCanUpdate } from '../subscriptions/portal-update-blocker';
import { trialEndOnChange, trialSurvivesAnyPlanChange } from '../subscriptions/trial-on-change';

type FlowData = Stripe.BillingPortal.SessionCreateParams.FlowData;

function afterCompletion(
  ctx: PlankitContext,
  value: AfterCompletion | undefined,
  returnUrl: string,
): FlowData['after_completion'] | undefined {
  if (!value) return undefined;
  if (value.type === 'redirect') {
    const target = value.returnTo ? resolveRedirect(value.returnTo, ctx.allowedOrigins) : returnUrl;
    return { type: 'redirect', redirect: { return_url: target } };
  }
  if (value.type === 'hosted_confirmation') {
    return value.message
      ? { type: 'hosted_confirmation', hosted_confirmation: { custom_message: value.message } }
      : { type: 'hosted_confirmation' };
  }
  return { type: 'portal_homepage' };
}

function trialCarriesOver(): PlankitError {
  return new PlankitError('subscription_not_active', {
    message: 'During the trial, change plans in the app: the portal would carry the trial over.',
  });
}

/** `POST /portal`: the portal homepage or a deep link into one flow (seed 002). */
export async function portalRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<PortalRequest>,
): Promise<PortalResponse> {
  const returnUrl = resolveRedirect(
    body.returnTo ?? ctx.options.portal?.defaultReturnTo ?? '/',
    ctx.allowedOrigins,
  );
  const after = 'afterCompletion' in body ? afterCompletion(ctx, body.afterCompletion, returnUrl) : undefined;
  const params: Stripe.BillingPortal.SessionCreateParams = { return_url: returnUrl };
  const locale = stripeLocale(body.locale);
  if (locale) params.locale = locale as Stripe.BillingPortal.SessionCreateParams.Locale;
  const flow = body.flow ?? 'homepage';
  if (body.flow === 'homepage' || body.flow === 'payment_method_update') {
    params.customer = await ctx.customers.resolve(identity, { create: true });
    if (body.flow === 'payment_method_update') params.flow_data = { type: 'payment_method_update' };
  } else {
    const { subscription, customer } = await ownedSubscription(ctx, identity, body.subscription);
    if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') {
      throw new PlankitError('subscription_not_active');
    }
    params.customer = customer;
    if (body.flow === 'subscription_cancel') {
      params.flow_data = {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: subscription.id },
      };
    } else if (body.flow === 'subscription_update') {
      assertPortalCanUpdate(subscription);
      // The portal keeps a running trial through a plan change; refuse where a plan could carry it over.
      if (!trialSurvivesAnyPlanChange(ctx, subscription)) throw trialCarriesOver();
      params.flow_data = {
        type: 'subscription_update',
        subscription_update: { subscription: subscription.id },
      };
    } else {
      assertPortalCanUpdate(subscription);
      const catalog = await ctx.catalog.get();
      const change = planChange(ctx, catalog, subscription, body);
      // Stripe's confirm flow updates exactly one item; bundles with add-ons change through /change-plan instead.
      if (change.items.length !== 1) {
        throw new PlankitError('invalid_request', {
          message: 'This subscription has several items; the portal can only confirm a change of one item.',
        });
      }
      if (trialEndOnChange(ctx, subscription, change.bundle.plan) !== undefined) throw trialCarriesOver();
      const [item] = change.items;
      const confirm: Stripe.BillingPortal.SessionCreateParams.FlowData.SubscriptionUpdateConfirm = {
        subscription: subscription.id,
        items: [{ id: change.planItem.id, price: item?.price, quantity: item?.quantity }],
      };
      if (body.promotionCode) {
        confirm.discounts = [
          { promotion_code: await acceptPromotionCode(ctx, identity, body.promotionCode) },
        ];
      }
      params.flow_data = { type: 'subscription_update_confirm', subscription_update_confirm: confirm };
    }
  }
  if (params.flow_data && after) params.flow_data.after_completion = after;
  if (!params.flow_data && flow !== 'homepage') throw new PlankitError('invalid_request');
  return { type: 'portal', url: await createPortalSession(ctx, params) };
}
