import type { CancellationReason } from '@plankit/core';
import type Stripe from 'stripe';

/** What every callback gets besides the object: the verified event and who it concerns. */
export interface WebhookEventContext {
  event: Stripe.Event;
  /** The Stripe customer the event is about, when it names one. */
  customerId: string | null;
  /** The app's user, from the `plankit_user_id` metadata Plankit writes, when present. */
  userId: string | null;
}

/** A customer found with more than one live subscription (the safety net of the one-subscription rule). */
export interface DuplicateSubscriptionReport {
  customerId: string;
  /** The subscription kept: a paid one before an incomplete one, then the oldest. */
  kept: Stripe.Subscription;
  /** The others. */
  duplicates: Stripe.Subscription[];
  /** Whether Plankit canceled the duplicates (`webhook.cancelDuplicates`). Refunds stay the app's decision. */
  canceled: boolean;
}

type Callback<T> = (value: T, context: WebhookEventContext) => void | Promise<void>;

/**
 * Typed webhook callbacks. A callback that throws makes the webhook answer 500, so Stripe retries the event later;
 * an event processed successfully is remembered and never handled twice.
 */
export interface WebhookCallbacks {
  subscriptionCreated?: Callback<Stripe.Subscription>;
  subscriptionUpdated?: Callback<Stripe.Subscription>;
  subscriptionDeleted?: Callback<Stripe.Subscription>;
  checkoutCompleted?: Callback<Stripe.Checkout.Session>;
  /** A cancellation reason newly set on a subscription (`cancellation_details`, seed 003). */
  cancellationReasonRecorded?: Callback<{
    subscription: Stripe.Subscription;
    reason: CancellationReason | null;
    comment: string | null;
  }>;
  /** `invoice.payment_failed`. */
  paymentFailed?: Callback<Stripe.Invoice>;
  duplicateSubscription?: Callback<DuplicateSubscriptionReport>;
  /** Every verified event, after the typed callbacks. */
  event?: Callback<Stripe.Event>;
}
