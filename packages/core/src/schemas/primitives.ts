import { z } from 'zod';
import { billingIntervals } from '../intervals';
import {
  keyPattern,
  maxCommentLength,
  maxPromotionCodeLength,
  maxQuantity,
  maxReturnToLength,
  maxSubscriptionItems,
} from '../limits';
import { cancellationReasons } from '../reasons';
import { subscriptionStatuses } from '../statuses';

/** A plan or add-on key; the browser names keys, never Stripe price ids. */
export const keySchema = z.string().regex(keyPattern, 'Expected a plan or add-on key');

/** A Stripe subscription id. Ownership is checked by the server, the shape here. */
export const subscriptionIdSchema = z.string().regex(/^sub_[A-Za-z0-9]{1,64}$/, 'Expected a subscription id');

export const intervalSchema = z.enum(billingIntervals);

/** A seat count: a whole number, bounded; the plan may narrow it further. */
export const quantitySchema = z.number().int().min(1).max(maxQuantity);

/** Add-on keys: unique, and with the plan at most 20 items (seed 001). */
export const addOnKeysSchema = z
  .array(keySchema)
  .max(maxSubscriptionItems - 1)
  .refine((keys) => new Set(keys).size === keys.length, 'An add-on is listed twice');

/** A customer-facing promotion code as typed by the customer. */
export const promotionCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(maxPromotionCodeLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'Promotion codes use letters, digits, "-" and "_"');

/** A return address: an absolute URL or a path; the server checks it against the allowed origins. */
export const returnToSchema = z.string().min(1).max(maxReturnToLength);

/** A locale tag such as `de` or `pt-BR`, or `auto`. */
export const localeSchema = z
  .string()
  .regex(/^(auto|[a-z]{2}(-[A-Z]{2})?)$/, 'Expected a locale such as "de" or "auto"');

export const cancellationReasonSchema = z.enum(cancellationReasons);

export const commentSchema = z.string().trim().max(maxCommentLength);

export const statusSchema = z.enum(subscriptionStatuses);

/** A lowercase ISO 4217 currency code, as Stripe writes them. */
export const currencySchema = z.string().regex(/^[a-z]{3}$/, 'Expected a lowercase ISO currency code');

/** An amount in the currency's smallest unit (cents; yen for zero-decimal currencies). */
export const amountSchema = z.number().int();

/** A point in time as an ISO 8601 string (UTC). */
export const timestampSchema = z.iso.datetime();

/** An absolute http(s) URL that the browser navigates to. */
export const urlSchema = z.url({ protocol: /^https?$/ });
