import { z } from 'zod';
import {
  amountSchema,
  cancellationReasonSchema,
  currencySchema,
  intervalSchema,
  keySchema,
  statusSchema,
  subscriptionIdSchema,
  timestampSchema,
} from './primitives';

export const subscriptionItemSchema = z.object({
  id: z.string(),
  /** What the item is in the app's catalog; `other` for prices the catalog does not know. */
  kind: z.enum(['plan', 'add_on', 'other']),
  key: keySchema.nullable(),
  quantity: z.number().int().min(0),
  unitAmount: amountSchema.nullable(),
});

export const discountSchema = z.object({
  name: z.string().nullable(),
  percentOff: z.number().nullable(),
  amountOff: amountSchema.nullable(),
  currency: currencySchema.nullable(),
  duration: z.enum(['once', 'repeating', 'forever']),
  durationInMonths: z.number().int().nullable(),
  end: timestampSchema.nullable(),
});

export const paymentMethodSummarySchema = z.object({
  brand: z.string(),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int(),
});

export const subscriptionSummarySchema = z.object({
  id: subscriptionIdSchema,
  status: statusSchema,
  planKey: keySchema.nullable(),
  interval: intervalSchema.nullable(),
  currency: currencySchema,
  /** The plan item's quantity (seats for per-seat plans). */
  quantity: z.number().int().min(0),
  addOns: z.array(keySchema),
  items: z.array(subscriptionItemSchema),
  currentPeriodEnd: timestampSchema.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  cancelAt: timestampSchema.nullable(),
  trialEnd: timestampSchema.nullable(),
  discount: discountSchema.nullable(),
  paymentMethod: paymentMethodSummarySchema.nullable(),
  cancellation: z
    .object({ reason: cancellationReasonSchema.nullable(), comment: z.string().nullable() })
    .nullable(),
  /** Whether a retention offer can still be made for this subscription. */
  retentionOfferAvailable: z.boolean(),
});

/** `GET /subscription`: the caller's subscriptions, newest first; empty when none. */
export const subscriptionStateSchema = z.object({
  subscriptions: z.array(subscriptionSummarySchema),
});
