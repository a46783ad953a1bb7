import { z } from 'zod';
import { cancelModes } from '../flows';
import { cancellationReasonSchema, commentSchema, subscriptionIdSchema, urlSchema } from './primitives';
import { discountSchema, subscriptionSummarySchema } from './subscription';

/** `POST /cancel`: record why (seed 003), then cancel through the portal deep link or directly. */
export const cancelRequestSchema = z.strictObject({
  subscription: subscriptionIdSchema,
  reason: cancellationReasonSchema,
  comment: commentSchema.optional(),
  /** How to cancel; the server refuses modes the app has not allowed. Defaults to the app's choice. */
  mode: z.enum(cancelModes).optional(),
  /** The customer has seen the retention offer and declined it. */
  declineOffer: z.boolean().optional(),
});

/** A discount offered to keep a subscription that is about to be canceled: a discount's terms, with no end yet. */
export const retentionOfferSchema = discountSchema.omit({ end: true });

export const cancelResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('retention_offer'), offer: retentionOfferSchema }),
  z.object({ type: z.literal('portal'), url: urlSchema }),
  z.object({ type: z.literal('canceled'), subscription: subscriptionSummarySchema }),
]);

const subscriptionOnly = z.strictObject({ subscription: subscriptionIdSchema });

/** `POST /retention/accept`: apply the retention offer and keep the subscription. */
export const retentionAcceptRequestSchema = subscriptionOnly;

export const retentionAcceptResponseSchema = z.object({
  type: z.literal('retained'),
  subscription: subscriptionSummarySchema,
});

/** `POST /resume`: undo a cancellation at period end. */
export const resumeRequestSchema = subscriptionOnly;

export const resumeResponseSchema = z.object({
  type: z.literal('resumed'),
  subscription: subscriptionSummarySchema,
});
