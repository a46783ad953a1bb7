import type Stripe from 'stripe';
import type { DoctorFinding } from '../types';

const id = 'retention-coupon';

function describeCoupon(coupon: Stripe.Coupon): string {
  if (coupon.name) return `"${coupon.name}"`;
  if (coupon.percent_off !== null) return `${coupon.percent_off}% off`;
  return `${coupon.amount_off} ${coupon.currency?.toUpperCase() ?? ''} off`.trim();
}

/**
 * The retention coupon offered before cancelling must exist and be redeemable; an amount-off coupon must be in
 * a currency the catalog bills in, or Stripe refuses to apply it.
 */
export function checkRetentionCoupon(
  couponId: string | undefined,
  coupon: Stripe.Coupon | null,
  catalogCurrencies: ReadonlySet<string>,
): DoctorFinding[] {
  if (couponId === undefined) return [];
  if (!coupon) {
    return [
      {
        id,
        level: 'error',
        message: `The retention coupon ${couponId} does not exist; the retention offer would fail.`,
        hint: 'Create the coupon in Stripe (test and live mode have separate coupons) or fix retentionCouponId.',
      },
    ];
  }
  if (!coupon.valid) {
    return [
      {
        id,
        level: 'error',
        message: `The retention coupon ${couponId} (${describeCoupon(coupon)}) is no longer valid: expired or fully redeemed.`,
        hint: 'Create a new coupon and point retentionCouponId at it.',
      },
    ];
  }
  if (coupon.amount_off !== null && coupon.currency) {
    const usable = new Set([coupon.currency, ...Object.keys(coupon.currency_options ?? {})]);
    const unusable = [...catalogCurrencies].filter((currency) => !usable.has(currency));
    if (unusable.length > 0) {
      return [
        {
          id,
          level: 'warning',
          message: `The retention coupon ${couponId} takes an amount off in ${coupon.currency.toUpperCase()}, so it cannot apply to plans billed in ${unusable.map((c) => c.toUpperCase()).join(', ')}.`,
          hint: 'Use a percent-off coupon, or add currency options to it.',
        },
      ];
    }
  }
  return [
    { id, level: 'ok', message: `The retention coupon ${couponId} (${describeCoupon(coupon)}) is valid.` },
  ];
}
