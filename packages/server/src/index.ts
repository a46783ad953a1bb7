/**
 * @plankit/server: mint Stripe Checkout and Customer Portal sessions for the signed-in user, safely.
 * One web-standard `Request -> Response` handler; adapters in `@plankit/server/node`, `/express` and `/next`.
 */
export { createPlankit, type Plankit } from './create-plankit';
export type { CustomerMapping } from './customers/customer-mapping';
export type { CustomerLookup } from './customers/customer-recovery';
export type { Identity } from './customers/identity';
export { formatDoctorReport, runDoctor } from './doctor/index';
export type { DoctorFinding, DoctorOptions, DoctorReport } from './doctor/types';
export type { BodilessRequest, PlainResponse } from './http/plain-response';
export type { Logger } from './logger';
export type { PlankitOptions } from './options';
export { resolveRedirect } from './security/redirect';
export type {
  BillingSnapshot,
  BillingState,
  CustomerFacts,
  DiscountFacts,
  PaymentMethodFacts,
  SubscriptionFacts,
  SubscriptionItemFacts,
} from './state/billing-snapshot';
export type {
  DriftReport,
  DuplicateDrift,
  LinkDrift,
  MissedEvent,
  MissedEvents,
  SnapshotDrift,
  StaleIncomplete,
} from './state/drift-report';
export { formatDriftReport } from './state/format-drift-report';
export type { BillingSummary, BillingUser } from './state/get-billing';
export type { ReconcileOptions } from './state/reconcile';
export { createMemoryStore, type MemoryStoreOptions } from './store/memory-store';
export type { PlankitStore } from './store/plankit-store';
export { assertSecretKey, createStripeClient, type StripeClientOptions } from './stripe/create-stripe-client';
export {
  type RateLimitRetryOptions,
  rateLimitDelayMs,
  withRateLimitRetries,
} from './stripe/rate-limit-retry';
export type {
  DuplicateSubscriptionReport,
  WebhookCallbacks,
  WebhookEventContext,
} from './webhook/webhook-callbacks';
