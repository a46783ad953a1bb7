import { hasPaymentIssue } from '@plankit/core';
import { useId } from 'react';
import { currentSubscription, useSubscription } from '../../hooks/use-subscription';
import { usePlankit } from '../../provider';
import { UpdatePaymentMethodButton } from '../manage-subscription-button/manage-subscription-button';
import { part, Root } from '../shared/parts';

export interface PastDueBannerProps {
  /** Where the portal returns to after the payment method is updated. */
  returnTo?: string;
  className?: string;
}

/** Shown only while the subscription is past_due or unpaid: says so and links to the payment method update. */
export function PastDueBanner({ returnTo, className }: PastDueBannerProps) {
  const { format } = usePlankit();
  const subscription = currentSubscription(useSubscription().data);
  const textId = useId();
  if (!subscription || !hasPaymentIssue(subscription.status)) return null;
  return (
    <Root
      part="past-due-banner"
      state={subscription.status}
      className={className}
      role="region"
      aria-labelledby={textId}
    >
      <p id={textId} {...part('message')}>
        {format.t(subscription.status === 'unpaid' ? 'unpaid' : 'pastDue')}
      </p>
      <UpdatePaymentMethodButton
        returnTo={returnTo}
        afterCompletion={returnTo ? { type: 'redirect', returnTo } : undefined}
      />
    </Root>
  );
}
