import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import type { Identity } from '../customers/identity';
import { PlankitError } from '../http/plankit-error';
import { assertUnderLimit, consume, type WindowLimit } from '../security/rate-limit';

/** Which promotion codes typed in the browser the app accepts (see `promotionCodes` in the options). */
export type PromotionCodePolicy =
  | boolean
  | readonly string[]
  | ((promotionCode: Stripe.PromotionCode) => boolean | Promise<boolean>);

/** Invalid codes one user may try before `rate_limited`: 5 per 15 minutes unless the app says otherwise. */
export const defaultPromotionCodeAttempts: WindowLimit = { max: 5, windowMs: 15 * 60 * 1000 };

function refused(): PlankitError {
  return new PlankitError('invalid_promotion_code');
}

/**
 * Turns a code the customer typed into a promotion code id, or refuses it with `invalid_promotion_code`:
 * - unless the app opted in (`promotionCodes`), every code is refused without asking Stripe, so nothing tells a
 *   valid internal code from an invalid one;
 * - an allowlist refuses other codes without asking Stripe;
 * - each refused code counts against the user's window in the store (shared across instances), and a user over it
 *   gets `rate_limited` before Stripe is asked, so guessing costs at most `max` Stripe calls per window.
 */
export async function acceptPromotionCode(
  ctx: PlankitContext,
  identity: Identity,
  code: string,
): Promise<string> {
  const policy = ctx.options.promotionCodes ?? false;
  if (policy === false) throw refused();
  const limit = { ...defaultPromotionCodeAttempts, ...ctx.options.promotionCodeAttempts };
  await assertUnderLimit(ctx.store, 'promotion-code', identity.userId, limit);
  const miss = async (): Promise<never> => {
    await consume(ctx.store, 'promotion-code', identity.userId, limit);
    throw refused();
  };
  // Stripe compares codes case-insensitively; so does the allowlist.
  if (Array.isArray(policy) && !policy.some((allowed) => allowed.toUpperCase() === code.toUpperCase())) {
    return miss();
  }
  const list = await ctx.stripe.promotionCodes.list({ code, active: true, limit: 1 });
  const found = list.data[0];
  if (!found) return miss();
  if (typeof policy === 'function' && !(await policy(found))) return miss();
  return found.id;
}
