import type { Engine } from '../engine.js';
import type { CheckoutExtras } from '../state/state.js';
import { couponAmount } from './discounts.js';

/** Totals a Checkout Session shows: the first invoice (zero during a trial), after discounts. */
export function sessionTotals(engine: Engine, extras: CheckoutExtras, currency: string) {
  const subtotal = extras.line_items.reduce(
    (s, li) => s + (engine.state.prices[li.price]?.unit_amount ?? 0) * li.quantity,
    0,
  );
  const trial = extras.trial_period_days !== null || extras.trial_end !== null;
  const due = trial ? 0 : subtotal;
  let discount = 0;
  for (const d of extras.discounts) {
    const couponId = d.coupon ?? (d.promotion_code ? couponOfPromo(engine, d.promotion_code) : undefined);
    const coupon = couponId ? engine.state.coupons[couponId] : undefined;
    if (coupon) discount += couponAmount(coupon, due - discount, currency);
  }
  return { subtotal: due, discount, total: due - discount };
}

function couponOfPromo(engine: Engine, promoId: string): string | undefined {
  const c = engine.state.promotionCodes[promoId]?.promotion.coupon;
  return typeof c === 'string' ? c : c?.id;
}
