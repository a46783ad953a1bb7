import type Stripe from 'stripe';
import { PlankitError } from '../http/plankit-error';

// Stripe's portal updates only an active or trialing subscription with one item (Plankit sells licensed prices only); anything else is refused
// by Stripe after a wasted call (and logged as an error). Answer first, with a code the app can act on.
const portalUpdatableStatuses: readonly Stripe.Subscription.Status[] = ['active', 'trialing'];

/** Throws when the portal's plan-change flows (`subscription_update`, `subscription_update_confirm`) cannot open. */
export function assertPortalCanUpdate(subscription: Stripe.Subscription): void {
  if (!portalUpdatableStatuses.includes(subscription.status)) {
    throw new PlankitError('subscription_not_active', {
      message: `The billing portal cannot change a subscription that is ${subscription.status}.`,
    });
  }
  if (subscription.items.data.length !== 1) {
    throw new PlankitError('invalid_request', {
      message: 'This subscription has several items; the portal can only change a one-item subscription.',
    });
  }
}
