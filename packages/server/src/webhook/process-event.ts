import { isCancellationReason } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { syncCustomerLink } from '../customers/customer-link-events';
import { userIdMetadataKey } from '../customers/customer-resolver';
import { syncCustomer } from '../state/sync-customer';
import { checkDuplicateSubscriptions } from './duplicate-safety-net';
import { feedbackChanged } from './feedback-changed';
import { recordPendingCancellationReason } from './pending-cancellation-reason';
import type { WebhookEventContext } from './webhook-callbacks';

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Event types whose object changes a customer's billing state (prefixes end with a dot). */
const billingEventTypes = [
  'customer.',
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'invoice.',
  'payment_method.attached',
  'payment_method.detached',
  'subscription_schedule.',
  'entitlements.active_entitlement_summary.updated',
];

/** Invoice events that only announce (nothing in Stripe changed yet). */
const announcements = new Set(['invoice.upcoming', 'invoice.will_be_due']);

/** The customer whose snapshot the event calls to re-sync, or null. */
function customerToSync(event: Stripe.Event, customerId: string | null): string | null {
  if (announcements.has(event.type)) return null;
  if (
    !billingEventTypes.some((type) =>
      type.endsWith('.') ? event.type.startsWith(type) : event.type === type,
    )
  )
    return null;
  if (customerId) return customerId;
  // A detached payment method no longer names its customer; the previous attributes do.
  const previous = event.data.previous_attributes as
    | { customer?: string | { id: string } | null }
    | undefined;
  return idOf(previous?.customer);
}

function eventContext(event: Stripe.Event): WebhookEventContext {
  const object = event.data.object as unknown as {
    object?: string;
    id?: string;
    customer?: string | { id: string } | null;
    metadata?: Record<string, string> | null;
  };
  const customerId = object.object === 'customer' ? (object.id ?? null) : idOf(object.customer);
  return { event, customerId, userId: object.metadata?.[userIdMetadataKey] ?? null };
}

/**
 * Handles one verified, not yet processed event: caches, the customer's snapshot re-synced from Stripe (for an event
 * that concerns their billing: the payload is only a hint, so order and duplicates do not matter), the safety net,
 * then the app's callbacks. A failed sync throws, so the event answers 5xx and Stripe retries it.
 */
export async function processEvent(ctx: PlankitContext, event: Stripe.Event): Promise<void> {
  const on = ctx.options.webhook?.on ?? {};
  const context = eventContext(event);
  if (event.type.startsWith('product.') || event.type.startsWith('price.')) await ctx.catalog.invalidate();
  if (event.type.startsWith('coupon.')) ctx.coupons.invalidate();
  await syncCustomerLink(ctx.stripe, ctx.customers.link, event);
  const billingCustomer = customerToSync(event, context.customerId);
  if (billingCustomer) await syncCustomer(ctx, billingCustomer);
  switch (event.type) {
    case 'customer.subscription.created': {
      const report = context.customerId ? await checkDuplicateSubscriptions(ctx, context.customerId) : null;
      await on.subscriptionCreated?.(event.data.object, context);
      if (report) await on.duplicateSubscription?.(report, context);
      break;
    }
    case 'customer.subscription.updated': {
      const subscription = event.data.object;
      await on.subscriptionUpdated?.(subscription, context);
      const details = subscription.cancellation_details;
      await recordPendingCancellationReason(ctx, subscription);
      if (feedbackChanged(event.data.previous_attributes) && details?.feedback) {
        await on.cancellationReasonRecorded?.(
          {
            subscription,
            reason: isCancellationReason(details.feedback) ? details.feedback : null,
            comment: details.comment ?? null,
          },
          context,
        );
      }
      break;
    }
    case 'customer.subscription.deleted':
      await recordPendingCancellationReason(ctx, event.data.object);
      await on.subscriptionDeleted?.(event.data.object, context);
      break;
    case 'checkout.session.completed':
      await on.checkoutCompleted?.(event.data.object, context);
      break;
    case 'invoice.payment_failed':
      await on.paymentFailed?.(event.data.object, context);
      break;
    default:
      break;
  }
  await on.event?.(event, context);
}
