import type { PlankitOptions } from '../options';

/** How a plan change is billed, as Stripe's `proration_behavior` names it. */
export const prorationBehaviors = ['always_invoice', 'create_prorations', 'none'] as const;

/**
 * How plan changes are billed, in the app (`POST /change-plan`), in the preview (`POST /preview-change`) and in the
 * customer portal (its configuration's `features.subscription_update.proration_behavior`, which `plankit doctor`
 * checks): `always_invoice` charges the prorated difference at once; `create_prorations` adds it to the next
 * invoice; `none` bills the new price from the next renewal without any proration.
 */
export type PlanChangeProrationBehavior = (typeof prorationBehaviors)[number];

/**
 * `create_prorations`: Stripe's default for subscription updates and the Dashboard's default for the portal. Nothing is
 * charged in the middle of a period, so a change cannot fail on a declined card while the customer waits.
 */
export const defaultProrationBehavior: PlanChangeProrationBehavior = 'create_prorations';

/** The configured behaviour, or the default. */
export function planChangeProrationBehavior(
  options: Pick<PlankitOptions, 'planChange'>,
): PlanChangeProrationBehavior {
  return options.planChange?.prorationBehavior ?? defaultProrationBehavior;
}

/** Throws a start-up error naming the valid values when the option holds anything else. */
export function assertProrationBehavior(value: unknown): void {
  if (value === undefined || (prorationBehaviors as readonly unknown[]).includes(value)) return;
  throw new Error(`Plankit: planChange.prorationBehavior must be one of ${prorationBehaviors.join(', ')}.`);
}
