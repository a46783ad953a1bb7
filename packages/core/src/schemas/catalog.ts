import { z } from 'zod';
import { amountSchema, currencySchema, intervalSchema, keySchema } from './primitives';

/** One recurring price of a plan or add-on. */
export const catalogPriceSchema = z.object({
  interval: intervalSchema,
  intervalCount: z.number().int().min(1),
  currency: currencySchema,
  /** Per unit (per seat for per-seat plans), in the currency's smallest unit. */
  unitAmount: amountSchema.min(0),
});

export const catalogAddOnSchema = z.object({
  key: keySchema,
  name: z.string(),
  description: z.string().nullable(),
  unitLabel: z.string().nullable(),
  perSeat: z.boolean(),
  prices: z.array(catalogPriceSchema),
});

export const catalogPlanSchema = z.object({
  key: keySchema,
  name: z.string(),
  description: z.string().nullable(),
  image: z.string().nullable(),
  /** The product's unit label, e.g. "seat" for "per seat". */
  unitLabel: z.string().nullable(),
  features: z.array(z.string()),
  highlighted: z.boolean(),
  trialDays: z.number().int().min(1).nullable(),
  seats: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }).nullable(),
  prices: z.array(catalogPriceSchema).min(1),
  /** Keys of the add-ons offered with this plan. */
  addOns: z.array(keySchema),
});

/** `GET /plans`: the catalog joined from the app's config and Stripe's products and prices. */
export const catalogSchema = z.object({
  /**
   * The locale of the catalog's texts: the one asked for (`GET /plans?locale=de`) when the app translated its
   * plans into it, else the catalog's default. Texts a translation leaves out are the default's.
   */
  locale: z.string().optional(),
  plans: z.array(catalogPlanSchema),
  addOns: z.array(catalogAddOnSchema),
  /** Intervals offered by at least one plan, in display order. */
  intervals: z.array(intervalSchema),
});
