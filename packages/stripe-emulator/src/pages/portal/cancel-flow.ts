import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { FEEDBACK } from '../../billing/cancellation.js';
import { couponOfDiscount } from '../../billing/discounts.js';
import { cancelNow } from '../../billing/lifecycle.js';
import { updateSubscription } from '../../billing/update-subscription.js';
import type { ParamObject } from '../../wire/form.js';
import { Params } from '../../wire/params.js';
import { afterCompletion } from './after-completion.js';
import { cancelView } from './cancel-view.js';
import type { PortalCtx } from './context.js';

function retentionCoupon(ctx: PortalCtx): Stripe.Coupon | undefined {
  // Stripe carries the retention offer on the flow; the configuration has no such field, so the emulator
  // also accepts `metadata.plankit_retention_coupon` on the configuration (a Plankit convention).
  const id =
    ctx.session.flow?.subscription_cancel?.retention?.coupon_offer?.coupon ??
    ctx.config.metadata?.plankit_retention_coupon;
  return id ? ctx.engine.state.coupons[id] : undefined;
}

/** Whether the subscription already carries this coupon (an accepted offer is never offered or applied twice). */
function hasCoupon(ctx: PortalCtx, sub: Stripe.Subscription, coupon: Stripe.Coupon): boolean {
  return (sub.discounts as string[]).some((d) => couponOfDiscount(ctx.engine, d)?.id === coupon.id);
}

/** The retention offer still open for this subscription. */
function openOffer(ctx: PortalCtx, sub: Stripe.Subscription): Stripe.Coupon | undefined {
  const coupon = retentionCoupon(ctx);
  return coupon && !hasCoupon(ctx, sub, coupon) ? coupon : undefined;
}

export function cancelPage(ctx: PortalCtx, sub: Stripe.Subscription): string {
  return cancelView(ctx, sub, openOffer(ctx, sub));
}

export function doCancel(
  ctx: PortalCtx,
  res: ServerResponse,
  sub: Stripe.Subscription,
  form: Record<string, string>,
): void {
  const { engine } = ctx;
  if (form.action === 'accept_offer') {
    const coupon = openOffer(ctx, sub);
    if (coupon) {
      const existing = (sub.discounts as string[]).map((d) => ({ discount: d }));
      updateSubscription(engine, sub, new Params({ discounts: [...existing, { coupon: coupon.id }] }));
    }
    afterCompletion(ctx, res, 'offer_accepted');
    return;
  }
  const feedback = (FEEDBACK as readonly string[]).includes(form.feedback ?? '') ? form.feedback : undefined;
  const comment = form.comment?.trim() || undefined;
  if (ctx.config.features.subscription_cancel.mode === 'immediately') {
    const details: Partial<Stripe.Subscription.CancellationDetails> = { reason: 'cancellation_requested' };
    if (feedback) details.feedback = feedback as Stripe.Subscription.CancellationDetails.Feedback;
    if (comment) details.comment = comment;
    cancelNow(engine, sub, details);
  } else {
    // As Stripe's portal: the scheduled cancellation is one update, the survey answer a later one.
    updateSubscription(engine, sub, new Params({ cancel_at_period_end: 'true' }));
    const details: ParamObject = {};
    if (feedback) details.feedback = feedback;
    if (comment) details.comment = comment;
    if (feedback || comment) updateSubscription(engine, sub, new Params({ cancellation_details: details }));
  }
  afterCompletion(ctx, res, 'canceled_done');
}
