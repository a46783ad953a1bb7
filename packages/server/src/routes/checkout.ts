import { createHash } from 'node:crypto';
import { type CheckoutRequest, type CheckoutResponse, findAddOn, findPlan } from '@plankit/core';
import { resolveBundle } from '../catalog/resolve-bundle';
import { runCheckout } from '../checkout/checkout-flow';
import type { PlankitContext, RouteInput } from '../context';
import { resolveRedirect } from '../security/redirect';
import { acceptPromotionCode } from '../stripe/accept-promotion-code';

/** `POST /checkout`: a Checkout session for the caller, or the portal when they are already subscribed. */
export async function checkoutRoute(
  ctx: PlankitContext,
  { body, identity }: RouteInput<CheckoutRequest>,
): Promise<CheckoutResponse> {
  const returnTo = resolveRedirect(
    body.returnTo ?? ctx.options.checkout?.defaultReturnTo ?? '/',
    ctx.allowedOrigins,
  );
  const catalog = await ctx.catalog.get();
  const bundle = resolveBundle(
    catalog,
    (key) => findPlan(ctx.plans, key)?.seats ?? null,
    (key) => findAddOn(ctx.plans, key)?.perSeat ?? false,
    body,
  );
  const fingerprint = createHash('sha256')
    .update(
      JSON.stringify([
        bundle.items.map((item) => [item.price.id, item.quantity]),
        body.promotionCode ?? null,
        body.locale ?? null,
        returnTo,
      ]),
    )
    .digest('base64url')
    .slice(0, 32);
  return ctx.checkout.run(identity.userId, fingerprint, async () => {
    const promotionCodeId = body.promotionCode
      ? await acceptPromotionCode(ctx, identity, body.promotionCode)
      : null;
    return runCheckout(ctx, identity, {
      bundle,
      returnTo,
      promotionCodeId,
      locale: body.locale,
      trialDays: findPlan(ctx.plans, bundle.plan)?.trialDays ?? null,
      fingerprint,
    });
  });
}
