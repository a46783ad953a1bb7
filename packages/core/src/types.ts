// Types inferred from the schemas. Only `import type` here, so importing types never pulls zod into a bundle.
import type { z } from 'zod';
import type {
  cancelRequestSchema,
  cancelResponseSchema,
  resumeRequestSchema,
  resumeResponseSchema,
  retentionAcceptRequestSchema,
  retentionAcceptResponseSchema,
  retentionOfferSchema,
} from './schemas/cancellation';
import type {
  catalogAddOnSchema,
  catalogPlanSchema,
  catalogPriceSchema,
  catalogSchema,
} from './schemas/catalog';
import type { checkoutRequestSchema, checkoutResponseSchema } from './schemas/checkout';
import type {
  changePlanRequestSchema,
  changePlanResponseSchema,
  previewChangeRequestSchema,
  previewChangeResponseSchema,
  previewLineSchema,
} from './schemas/plan-change';
import type { afterCompletionSchema, portalRequestSchema, portalResponseSchema } from './schemas/portal';
import type {
  discountSchema,
  paymentMethodSummarySchema,
  subscriptionItemSchema,
  subscriptionStateSchema,
  subscriptionSummarySchema,
} from './schemas/subscription';

export type CatalogPrice = z.infer<typeof catalogPriceSchema>;
export type CatalogAddOn = z.infer<typeof catalogAddOnSchema>;
export type CatalogPlan = z.infer<typeof catalogPlanSchema>;
/** `GET /plans` response. */
export type Catalog = z.infer<typeof catalogSchema>;

export type SubscriptionItem = z.infer<typeof subscriptionItemSchema>;
export type Discount = z.infer<typeof discountSchema>;
export type PaymentMethodSummary = z.infer<typeof paymentMethodSummarySchema>;
export type SubscriptionSummary = z.infer<typeof subscriptionSummarySchema>;
/** `GET /subscription` response. */
export type SubscriptionState = z.infer<typeof subscriptionStateSchema>;

export type CheckoutRequest = z.input<typeof checkoutRequestSchema>;
export type CheckoutResponse = z.infer<typeof checkoutResponseSchema>;

export type AfterCompletion = z.input<typeof afterCompletionSchema>;
export type PortalRequest = z.input<typeof portalRequestSchema>;
export type PortalResponse = z.infer<typeof portalResponseSchema>;

export type PreviewChangeRequest = z.input<typeof previewChangeRequestSchema>;
export type PreviewLine = z.infer<typeof previewLineSchema>;
export type PreviewChangeResponse = z.infer<typeof previewChangeResponseSchema>;
export type ChangePlanRequest = z.input<typeof changePlanRequestSchema>;
export type ChangePlanResponse = z.infer<typeof changePlanResponseSchema>;

export type CancelRequest = z.input<typeof cancelRequestSchema>;
export type RetentionOffer = z.infer<typeof retentionOfferSchema>;
export type CancelResponse = z.infer<typeof cancelResponseSchema>;
export type RetentionAcceptRequest = z.input<typeof retentionAcceptRequestSchema>;
export type RetentionAcceptResponse = z.infer<typeof retentionAcceptResponseSchema>;
export type ResumeRequest = z.input<typeof resumeRequestSchema>;
export type ResumeResponse = z.infer<typeof resumeResponseSchema>;
