import { definePlans } from '@plankit/core';
import { planConfig, retentionCouponId } from '@plankit/test-utils';
import { demoAddOnTexts, demoPlanTexts } from './demo-plan-texts';

/**
 * Acme Notes' catalog: the same lookup keys as the seeded emulator catalog (and as `pnpm seed` creates in a
 * Stripe test account), so one config works on both; translated into the demo's other locales.
 */
export const demoPlans = definePlans({
  ...planConfig,
  plans: Object.fromEntries(
    Object.entries(planConfig.plans).map(([key, plan]) => [
      key,
      { ...plan, translations: demoPlanTexts[key] },
    ]),
  ),
  addOns: Object.fromEntries(
    Object.entries(planConfig.addOns ?? {}).map(([key, addOn]) => [
      key,
      { ...addOn, translations: demoAddOnTexts[key] },
    ]),
  ),
});

/** The coupon offered before a cancellation goes through. */
export const demoRetentionCouponId = retentionCouponId;
