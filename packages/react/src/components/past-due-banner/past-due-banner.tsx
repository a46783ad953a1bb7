import { hasPaymentIssue } from '@plankit/core';
import { currentSubscription, useSubscription } from '../../hooks/use-subscription';
import { usePlankit } from '../../provider';
import { UpdatePaymentMethodButton } from '../manage-subscription-button/manage-subscription-button';
import { part, Root } from '../shared/parts';

export interface PastDueBannerProps {
  /** Where the portal returns to after the payment method is updated. */
  returnTo?: string;
  className?: string;
}

/**
 * Shown only while the subscription is past_due or unpaid: says so and links to the payment method update.
 * Always renders its (empty) live region, so that the banner is announced when it appears.
 */
export function PastDueBanner({ returnTo, className }: PastDueBannerProps) {
  const { format } = usePlankit();
  const subscription = currentSubscription(useSubscription().data);
  const issue = subscription && hasPaymentIssue(subscription.status);
  // An empty live region until there is an issue: a banner that appears later (a failed renewal) is announced.
  return (
    <div aria-live="polite" {...part('past-due-live')}>
      {issue ? (
        <Root
          part="past-due-banner"
          state={subscription.status}
          className={className}
          role="region"
          aria-label={format.t('paymentIssue')}
        >
          <p {...part('message')}>{format.t(subscription.status === 'unpaid' ? 'unpaid' : 'pastDue')}</p>
          <UpdatePaymentMethodButton
            returnTo={returnTo}
            afterCompletion={returnTo ? { type: 'redirect', returnTo } : undefined}
          />
        </Root>
      ) : null}
    </div>
  );
}
