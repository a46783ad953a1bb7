import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { feedbackChanged } from './feedback-changed';

const previous = (value: unknown) => value as Stripe.Event.Data.PreviousAttributes;

describe('feedbackChanged (previous_attributes of a subscription update)', () => {
  it('is false without previous attributes or when cancellation_details did not change', () => {
    expect(feedbackChanged(undefined)).toBe(false);
    expect(feedbackChanged(previous({}))).toBe(false);
    expect(feedbackChanged(previous({ metadata: { note: null } }))).toBe(false);
  });

  it('is true when the feedback key changed, whatever its old value', () => {
    expect(feedbackChanged(previous({ cancellation_details: { feedback: null } }))).toBe(true);
    expect(feedbackChanged(previous({ cancellation_details: { feedback: 'other', comment: 'x' } }))).toBe(
      true,
    );
  });

  it('is false when only the comment or the reason changed', () => {
    expect(feedbackChanged(previous({ cancellation_details: { comment: null } }))).toBe(false);
    expect(feedbackChanged(previous({ cancellation_details: { reason: null } }))).toBe(false);
  });

  it('is true when the whole hash was null or is named without a value', () => {
    expect(feedbackChanged(previous({ cancellation_details: null }))).toBe(true);
    expect(feedbackChanged(previous({ cancellation_details: undefined }))).toBe(true);
  });

  it('is false for a cancellation_details that is not a hash', () => {
    expect(feedbackChanged(previous({ cancellation_details: 'feedback' }))).toBe(false);
  });
});
