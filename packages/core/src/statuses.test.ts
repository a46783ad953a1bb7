import { describe, expect, it } from 'vitest';
import { cancellationReasons, isCancellationReason } from './reasons';
import { blocksNewCheckout, hasPaymentIssue, isSubscribedStatus, subscriptionStatuses } from './statuses';

describe('subscription statuses (seed 000)', () => {
  it('counts active, past_due, unpaid, paused and trialing as subscribed', () => {
    const subscribed = subscriptionStatuses.filter(isSubscribedStatus);
    expect(subscribed.sort()).toEqual(['active', 'past_due', 'paused', 'trialing', 'unpaid']);
  });

  it('also blocks a new Checkout while a first payment is incomplete', () => {
    expect(blocksNewCheckout('incomplete')).toBe(true);
    expect(blocksNewCheckout('active')).toBe(true);
    expect(blocksNewCheckout('canceled')).toBe(false);
    expect(blocksNewCheckout('incomplete_expired')).toBe(false);
  });

  it('flags past_due and unpaid as payment issues', () => {
    expect(subscriptionStatuses.filter(hasPaymentIssue)).toEqual(['past_due', 'unpaid']);
  });
});

describe('cancellation reasons (seed 003)', () => {
  it("are Stripe's eight feedback values", () => {
    expect(cancellationReasons).toEqual([
      'too_expensive',
      'missing_features',
      'switched_service',
      'unused',
      'customer_service',
      'too_complex',
      'low_quality',
      'other',
    ]);
    expect(isCancellationReason('too_expensive')).toBe(true);
    expect(isCancellationReason('bored')).toBe(false);
  });
});
