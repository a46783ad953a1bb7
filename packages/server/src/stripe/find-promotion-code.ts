import type Stripe from 'stripe';
import { PlankitError } from '../http/plankit-error';

/** Looks up an active promotion code by what the customer typed; unknown codes are `invalid_promotion_code`. */
export async function findPromotionCode(stripe: Stripe, code: string): Promise<string> {
  const list = await stripe.promotionCodes.list({ code, active: true, limit: 1 });
  const found = list.data[0];
  if (!found) throw new PlankitError('invalid_promotion_code');
  return found.id;
}
