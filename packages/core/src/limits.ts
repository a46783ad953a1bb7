/** Stripe allows at most 20 items in one subscription (seed 001). */
export const maxSubscriptionItems = 20;

/** Upper bound on any quantity the browser may ask for; plans may set a lower maximum. */
export const maxQuantity = 10_000;

/** Stripe's longest trial is 730 days. */
export const maxTrialDays = 730;

/** Bounds on strings the browser sends. */
export const maxCommentLength = 500;
export const maxReturnToLength = 2048;
export const maxPromotionCodeLength = 64;
export const maxConfirmationMessageLength = 500;

/** Plan and add-on keys: lowercase, digits, dashes and underscores; safe in URLs and metadata. */
export const keyPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
