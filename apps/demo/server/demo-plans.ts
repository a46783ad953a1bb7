import { definePlans } from '@plankit/core';
import { planConfig, retentionCouponId } from '@plankit/test-utils';

/**
 * Acme Notes' catalog: the same lookup keys as the seeded emulator catalog (and as `pnpm seed` creates in a
 * Stripe test account), so one config works on both.
 */
export const demoPlans = definePlans(planConfig);

/** The coupon offered before a cancellation goes through. */
export const demoRetentionCouponId = retentionCouponId;
