import type Stripe from 'stripe';
import type { Params } from '../wire/params.js';
import { currentPeriod } from './current-period.js';

/** The survey answers Stripe accepts in `cancellation_details[feedback]`. */
export const FEEDBACK = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const;

/** Applies `cancellation_details[feedback|comment]`, keeping what the params leave out. */
export function applyCancellationDetails(sub: Stripe.Subscription, params: Params): void {
  const details = params.obj('cancellation_details');
  if (details) {
    const feedback = details.isUnset('feedback') ? null : details.enumOf('feedback', FEEDBACK);
    const current = sub.cancellation_details ?? {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: null,
    };
    sub.cancellation_details = {
      ...current,
      comment: details.has('comment') ? (details.nullableStr('comment') ?? null) : current.comment,
      feedback: details.has('feedback') ? (feedback ?? null) : current.feedback,
    };
  }
}

/** Applies `cancel_at_period_end` and `cancel_at`, and the cancellation reason they imply. */
export function applyCancellation(sub: Stripe.Subscription, params: Params, now: number): void {
  const atPeriodEnd = params.bool('cancel_at_period_end');
  const period = currentPeriod(sub);
  if (atPeriodEnd !== undefined) {
    sub.cancel_at_period_end = atPeriodEnd;
    sub.cancel_at = atPeriodEnd ? period.end : null;
    sub.canceled_at = atPeriodEnd ? (sub.canceled_at ?? now) : null;
  }
  if (params.has('cancel_at')) {
    const value = params.str('cancel_at');
    if (value === '' || value === undefined) {
      sub.cancel_at = null;
      sub.cancel_at_period_end = false;
    } else if (value === 'max_period_end' || value === 'min_period_end') {
      sub.cancel_at = period.end;
    } else {
      const at = params.int('cancel_at') as number;
      sub.cancel_at = at;
      sub.cancel_at_period_end = at === period.end;
    }
  }
  const scheduled = sub.cancel_at !== null;
  const details = sub.cancellation_details ?? {
    comment: null,
    feedback: null,
    feedback_option: null,
    reason: null,
  };
  if (scheduled) sub.cancellation_details = { ...details, reason: 'cancellation_requested' };
  else if (atPeriodEnd === false || params.isUnset('cancel_at')) {
    // Reactivating clears the recorded cancellation, as Stripe does.
    sub.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null };
    sub.canceled_at = null;
  }
}
