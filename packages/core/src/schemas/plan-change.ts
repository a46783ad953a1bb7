import { z } from 'zod';
import {
  addOnKeysSchema,
  amountSchema,
  currencySchema,
  intervalSchema,
  keySchema,
  promotionCodeSchema,
  quantitySchema,
  subscriptionIdSchema,
  timestampSchema,
} from './primitives';
import { subscriptionSummarySchema } from './subscription';

const planChangeFields = {
  subscription: subscriptionIdSchema,
  plan: keySchema,
  interval: intervalSchema,
  quantity: quantitySchema.optional(),
  addOns: addOnKeysSchema.optional(),
  promotionCode: promotionCodeSchema.optional(),
};

/** `POST /preview-change`: what switching plans would cost, before the customer confirms. */
export const previewChangeRequestSchema = z.strictObject(planChangeFields);

export const previewLineSchema = z.object({
  description: z.string(),
  amount: amountSchema,
  proration: z.boolean(),
});

export const previewChangeResponseSchema = z.object({
  currency: currencySchema,
  /** Charged (positive) or credited (negative) right away for the rest of the current period. */
  dueNow: amountSchema,
  /** The next invoice after the change (with the prorations when they are not charged now), and its date. */
  nextInvoice: z.object({ amount: amountSchema, date: timestampSchema.nullable() }),
  lines: z.array(previewLineSchema),
  /** Unix seconds the proration was computed at; pass it back to apply the same figures. */
  prorationDate: z.number().int(),
  /** When the trial ends after the change; null when there is none or the change ends it (then it bills now). */
  trialEnd: timestampSchema.nullable().optional(),
});

/** `POST /change-plan`: apply a plan change in the app (only when the server enables in-app changes). */
export const changePlanRequestSchema = z.strictObject({
  ...planChangeFields,
  prorationDate: z.number().int().optional(),
});

export const changePlanResponseSchema = z.object({
  type: z.literal('updated'),
  subscription: subscriptionSummarySchema,
});
