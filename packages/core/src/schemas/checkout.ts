import { z } from 'zod';
import {
  addOnKeysSchema,
  intervalSchema,
  keySchema,
  localeSchema,
  promotionCodeSchema,
  quantitySchema,
  returnToSchema,
  urlSchema,
} from './primitives';

/** `POST /checkout`: start a subscription. Identity comes from the server, never from this body. */
export const checkoutRequestSchema = z.strictObject({
  plan: keySchema,
  interval: intervalSchema,
  quantity: quantitySchema.optional(),
  addOns: addOnKeysSchema.optional(),
  promotionCode: promotionCodeSchema.optional(),
  locale: localeSchema.optional(),
  /** Where Checkout returns to, on success and on cancel; inside the allowed origins. */
  returnTo: returnToSchema.optional(),
});

/** A new Checkout session, or a redirect to the portal for a caller who is already subscribed (seed 000). */
export const checkoutResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('checkout'), url: urlSchema, sessionId: z.string() }),
  z.object({ type: z.literal('redirect'), reason: z.literal('already_subscribed'), url: urlSchema }),
]);
