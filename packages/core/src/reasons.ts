/**
 * The eight cancellation reasons Stripe records in `cancellation_details.feedback` (seed 003),
 * in the order Stripe's portal shows them.
 */
export const cancellationReasons = [
  'too_expensive',
  'missing_features',
  'switched_service',
  'unused',
  'customer_service',
  'too_complex',
  'low_quality',
  'other',
] as const;

export type CancellationReason = (typeof cancellationReasons)[number];

/** Whether a string is one of Stripe's cancellation reasons. */
export function isCancellationReason(value: unknown): value is CancellationReason {
  return typeof value === 'string' && (cancellationReasons as readonly string[]).includes(value);
}
