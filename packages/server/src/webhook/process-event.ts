import { isCancellationReason } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { userIdMetadataKey } from '../customers/customer-resolver';
import { checkDuplicateSubscriptions } from './duplicate-safety-net';
import { recordPendingCancellationReason } from './pending-cancellation-reason';
import type { WebhookEventContext } from './webhook-callbacks';

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === 'string' ? value : value.id;
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

/** Handles one verified, not yet processed event: caches, the safety net, then the app's callbacks. */
export async function processEvent(ctx: PlankitContext, event: Stripe.Event): Promise<void> {
  const on = ctx.options.webhook?.on ?? {};
  const context = eventContext(event);
  if (event.type.startsWith('product.') || event.type.startsWith('price.')) await ctx.catalog.invalidate();
  if (event.type.startsWith('coupon.')) ctx.coupons.invalidate();
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
      const previous = event.data.previous_attributes as Partial<Stripe.Subscription> | undefined;
      const details = subscription.cancellation_details;
      const changed =
        previous !== undefined &&
        'cancellation_details' in previous &&
        (previous.cancellation_details?.feedback ?? null) !== (details?.feedback ?? null);
      await recordPendingCancellationReason(ctx, subscription);
      if (changed && details?.feedback) {
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
    case 'customer.deleted': {
      const userId = event.data.object.metadata?.[userIdMetadataKey];
      if (userId) await ctx.store.delete(`plankit:customer:${userId}`);
      break;
    }
    default:
      break;
  }
  await on.event?.(event, context);
}
