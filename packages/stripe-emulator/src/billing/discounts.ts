import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { newId } from '../state/ids.js';
import type { Params } from '../wire/params.js';
import { invalidRequest } from '../wire/stripe-error.js';

/** A coupon to apply, and the promotion code it came from, if any. */
export interface DiscountChoice {
  coupon: Stripe.Coupon;
  promotionCode: Stripe.PromotionCode | null;
}

/** Validates `discounts[n][coupon|promotion_code]` params against the store. */
export function readDiscountParams(
  engine: Engine,
  list: Params[] | undefined,
  customer?: string,
): DiscountChoice[] {
  if (!list) return [];
  return list.map((d) => {
    const couponId = d.nonEmptyStr('coupon');
    const promoId = d.nonEmptyStr('promotion_code');
    if (couponId && promoId) {
      throw invalidRequest('You may only specify one of these parameters: coupon, promotion_code.', d.prefix);
    }
    if (promoId)
      return choiceFromPromotionCode(
        engine,
        engine.promotionCode(promoId, `${d.prefix}[promotion_code]`),
        customer,
      );
    if (couponId)
      return { coupon: usableCoupon(engine, couponId, `${d.prefix}[coupon]`), promotionCode: null };
    throw invalidRequest('You must specify one of coupon or promotion_code.', d.prefix, 'parameter_missing');
  });
}

export function choiceFromPromotionCode(
  engine: Engine,
  promo: Stripe.PromotionCode,
  customer?: string,
): DiscountChoice {
  const now = engine.now();
  const inactive =
    !promo.active ||
    (promo.expires_at !== null && promo.expires_at < now) ||
    (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions) ||
    (promo.customer !== null && customer !== undefined && promo.customer !== customer);
  if (inactive) throw invalidRequest('This promotion code is not valid.', 'promotion_code');
  const couponId =
    typeof promo.promotion.coupon === 'string' ? promo.promotion.coupon : (promo.promotion.coupon?.id ?? '');
  return { coupon: usableCoupon(engine, couponId, 'promotion_code'), promotionCode: promo };
}

function usableCoupon(engine: Engine, id: string, param: string): Stripe.Coupon {
  const coupon = engine.coupon(id, param);
  const now = engine.now();
  if (
    !coupon.valid ||
    (coupon.redeem_by !== null && coupon.redeem_by < now) ||
    (coupon.max_redemptions !== null && coupon.times_redeemed >= coupon.max_redemptions)
  ) {
    throw invalidRequest(`Coupon expired: ${id}`, param);
  }
  return coupon;
}

/** Stores Discount objects for a subscription and counts the redemptions. */
export function createDiscounts(
  engine: Engine,
  choices: DiscountChoice[],
  owner: { subscription: string | null; customer: string; checkoutSession?: string | null },
): string[] {
  const start = engine.now();
  return choices.map(({ coupon, promotionCode }) => {
    const end =
      coupon.duration === 'repeating' && coupon.duration_in_months
        ? start + Math.round(coupon.duration_in_months * 30.4375 * 86_400)
        : null;
    const discount: Stripe.Discount = {
      id: newId('di'),
      object: 'discount',
      checkout_session: owner.checkoutSession ?? null,
      customer: owner.customer,
      customer_account: null,
      end,
      invoice: null,
      invoice_item: null,
      promotion_code: promotionCode?.id ?? null,
      source: { coupon: coupon.id, type: 'coupon' },
      start,
      subscription: owner.subscription,
      subscription_item: null,
    };
    engine.state.discounts[discount.id] = discount;
    countRedemption({ coupon, promotionCode });
    return discount.id;
  });
}

/** One use of a coupon (and of the promotion code it came through), counted against their max_redemptions. */
export function countRedemption({ coupon, promotionCode }: DiscountChoice): void {
  coupon.times_redeemed += 1;
  if (promotionCode) promotionCode.times_redeemed += 1;
}

/** The coupon behind a stored discount id. */
export function couponOfDiscount(engine: Engine, discountId: string): Stripe.Coupon | undefined {
  const discount = engine.state.discounts[discountId];
  const source = discount?.source.coupon;
  const id = typeof source === 'string' ? source : source?.id;
  return id ? engine.state.coupons[id] : undefined;
}

/** Amount a coupon takes off a subtotal (percent rounded half up; amount_off capped at the subtotal). */
export function couponAmount(coupon: Stripe.Coupon, subtotal: number, currency: string): number {
  if (subtotal <= 0) return 0;
  if (coupon.percent_off !== null) return Math.round((subtotal * coupon.percent_off) / 100);
  if (coupon.amount_off !== null && coupon.currency === currency)
    return Math.min(coupon.amount_off, subtotal);
  return 0;
}
