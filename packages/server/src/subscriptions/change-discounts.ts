import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import type { Identity } from '../customers/identity';
import { acceptPromotionCode } from '../stripe/accept-promotion-code';

type Discount = Stripe.SubscriptionUpdateParams.Discount & Stripe.InvoiceCreatePreviewParams.Discount;

/**
 * The `discounts` of a plan change that brings a promotion code, or undefined without one (Stripe then keeps the
 * subscription's discounts as they are). Stripe replaces the whole list when `discounts` is sent, so the
 * subscription's current discounts (an accepted retention coupon, an earlier code) are sent along to be kept,
 * unless the app chose `planChange.promotionCodeReplacesDiscounts`.
 */
export async function changeDiscounts(
  ctx: PlankitContext,
  identity: Identity,
  subscription: Stripe.Subscription,
  promotionCode: string | undefined,
): Promise<Discount[] | undefined> {
  if (!promotionCode) return undefined;
  const added: Discount = { promotion_code: await acceptPromotionCode(ctx, identity, promotionCode) };
  if (ctx.options.planChange?.promotionCodeReplacesDiscounts) return [added];
  const kept = (subscription.discounts ?? []).map((discount) => ({
    discount: typeof discount === 'string' ? discount : discount.id,
  }));
  return [...kept, added];
}
