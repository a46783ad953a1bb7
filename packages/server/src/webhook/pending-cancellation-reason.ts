import type { CancellationReason } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlankitContext } from '../context';
import { idempotencyKey } from '../stripe/idempotency-key';

/** As long as a customer may take to confirm in the portal's cancel flow. */
const pendingReasonMs = 24 * 60 * 60 * 1000;

function key(subscription: string): string {
  return `plankit:cancel-reason:${subscription}`;
}

/**
 * Keeps the reason given with `POST /cancel` in portal mode until the customer confirms the cancellation in the
 * portal. Writing it to the subscription at once would leave a reason on a subscription nobody cancelled.
 */
export async function rememberCancellationReason(
  ctx: PlankitContext,
  subscription: string,
  reason: CancellationReason,
  comment: string | undefined,
): Promise<void> {
  await ctx.store.set(
    key(subscription),
    JSON.stringify({ reason, comment: comment ?? null }),
    pendingReasonMs,
  );
}

/**
 * On a subscription event: once its cancellation is confirmed (scheduled or done), records the reason kept for it,
 * unless the portal's own survey already recorded one (in this event or, read live, in a later update), which then
 * wins.
 */
export async function recordPendingCancellationReason(
  ctx: PlankitContext,
  subscription: Stripe.Subscription,
): Promise<void> {
  const confirmed =
    subscription.status === 'canceled' ||
    subscription.cancel_at !== null ||
    subscription.cancel_at_period_end;
  if (!confirmed) return;
  const raw = await ctx.store.get(key(subscription.id));
  if (!raw) return;
  await ctx.store.delete(key(subscription.id));
  if (subscription.cancellation_details?.feedback) return;
  let pending: { reason: CancellationReason; comment: string | null };
  try {
    pending = JSON.parse(raw);
  } catch {
    return;
  }
  // Stripe's portal saves its survey answer in a later update than the cancellation, so this event may predate it:
  // the live subscription says whether the survey answered meanwhile (its answer wins, comment included).
  const live = await ctx.stripe.subscriptions.retrieve(subscription.id);
  if (live.cancellation_details?.feedback) return;
  const details: Stripe.SubscriptionUpdateParams.CancellationDetails = { feedback: pending.reason };
  if (pending.comment && !live.cancellation_details?.comment) details.comment = pending.comment;
  await ctx.stripe.subscriptions.update(
    subscription.id,
    { cancellation_details: details },
    { idempotencyKey: idempotencyKey('cancel-reason', subscription.id, raw) },
  );
}
