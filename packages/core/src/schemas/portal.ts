import { z } from 'zod';
import { maxConfirmationMessageLength } from '../limits';
import {
  addOnKeysSchema,
  intervalSchema,
  keySchema,
  localeSchema,
  promotionCodeSchema,
  quantitySchema,
  returnToSchema,
  subscriptionIdSchema,
  urlSchema,
} from './primitives';

/** `flow_data.after_completion` (seed 002): where the customer lands after finishing a flow. */
export const afterCompletionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('redirect'), returnTo: returnToSchema.optional() }),
  z.strictObject({
    type: z.literal('hosted_confirmation'),
    message: z.string().trim().min(1).max(maxConfirmationMessageLength).optional(),
  }),
  z.strictObject({ type: z.literal('portal_homepage') }),
]);

const common = {
  /** The portal's way back at any time (the session's top-level return_url). */
  returnTo: returnToSchema.optional(),
  locale: localeSchema.optional(),
};
const withCompletion = { ...common, afterCompletion: afterCompletionSchema.optional() };

/** `POST /portal`: a portal session on the homepage or deep-linked into one flow. */
export const portalRequestSchema = z.discriminatedUnion('flow', [
  z.strictObject({ flow: z.literal('homepage'), ...common }),
  z.strictObject({ flow: z.literal('payment_method_update'), ...withCompletion }),
  z.strictObject({
    flow: z.literal('subscription_cancel'),
    subscription: subscriptionIdSchema,
    ...withCompletion,
  }),
  z.strictObject({
    flow: z.literal('subscription_update'),
    subscription: subscriptionIdSchema,
    ...withCompletion,
  }),
  z.strictObject({
    flow: z.literal('subscription_update_confirm'),
    subscription: subscriptionIdSchema,
    /** The target plan by key: the server builds the items from the subscription and the catalog. */
    plan: keySchema,
    interval: intervalSchema,
    quantity: quantitySchema.optional(),
    addOns: addOnKeysSchema.optional(),
    promotionCode: promotionCodeSchema.optional(),
    ...withCompletion,
  }),
]);

export const portalResponseSchema = z.object({ type: z.literal('portal'), url: urlSchema });
