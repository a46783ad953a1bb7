/** The billing intervals a plan can be offered in. The pricing table toggles between them. */
export const billingIntervals = ['month', 'year'] as const;

export type BillingInterval = (typeof billingIntervals)[number];

/** Whether a string is a billing interval Plankit offers. */
export function isBillingInterval(value: unknown): value is BillingInterval {
  return typeof value === 'string' && (billingIntervals as readonly string[]).includes(value);
}
