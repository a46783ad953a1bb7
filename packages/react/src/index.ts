/**
 * @plankit/react: accessible, localized components and TanStack Query hooks for Plankit's billing server.
 * Everything is tree-shakable; the styles are opt-in through `@plankit/react/styles.css`.
 */
export { createPlankitClient, type FetchLike, type PlankitClient, type PlankitClientOptions } from './client';
export {
  BillingReturn,
  type BillingReturnProps,
} from './components/billing-return/billing-return';
export { ReturnSummary, type ReturnSummaryProps } from './components/billing-return/return-summary';
export {
  CancelWithReason,
  type CancelWithReasonProps,
} from './components/cancel-with-reason/cancel-with-reason';
export { ReasonStep, type ReasonStepProps } from './components/cancel-with-reason/reason-step';
export { retentionOfferText } from './components/cancel-with-reason/retention-offer-text';
export {
  type ManageFlow,
  ManageSubscriptionButton,
  type ManageSubscriptionButtonProps,
  UpdatePaymentMethodButton,
  type UpdatePaymentMethodButtonProps,
} from './components/manage-subscription-button/manage-subscription-button';
export { PastDueBanner, type PastDueBannerProps } from './components/past-due-banner/past-due-banner';
export {
  PlanSwitchConfirm,
  type PlanSwitchConfirmProps,
} from './components/plan-switch-confirm/plan-switch-confirm';
export { priceFor, yearlySaving } from './components/pricing-table/catalog-math';
export { IntervalToggle, type IntervalToggleProps } from './components/pricing-table/interval-toggle';
export {
  type PlanAction,
  PlanCard,
  type PlanCardProps,
  type PlanSelection,
} from './components/pricing-table/plan-card';
export { PricingTable, type PricingTableProps } from './components/pricing-table/pricing-table';
export { SeatStepper, type SeatStepperProps } from './components/pricing-table/seat-stepper';
export { AlertDialog, type AlertDialogProps } from './components/shared/alert-dialog';
export { ErrorMessage, part, Root, type RootProps, useErrorText } from './components/shared/parts';
export {
  planChangePreviewQueryOptions,
  plansQueryOptions,
  subscriptionQueryOptions,
} from './hooks/query-options';
export { useAcceptRetentionOffer } from './hooks/use-accept-retention-offer';
export {
  type BillingReturn as BillingReturnResult,
  type BillingReturnFrom,
  type BillingReturnStatus,
  type UseBillingReturnOptions,
  useBillingReturn,
} from './hooks/use-billing-return';
export { useCancelSubscription } from './hooks/use-cancel-subscription';
export { useChangePlan } from './hooks/use-change-plan';
export { useCheckout } from './hooks/use-checkout';
export type { PlankitMutation } from './hooks/use-guarded-mutation';
export { usePlanChangePreview } from './hooks/use-plan-change-preview';
export { usePlans } from './hooks/use-plans';
export { usePortal } from './hooks/use-portal';
export { useResumeSubscription } from './hooks/use-resume-subscription';
export { currentSubscription, useSubscription } from './hooks/use-subscription';
export { createFormat, type Format, type MessageValues } from './i18n/create-format';
export { de } from './i18n/de';
export { en, type MessageKey, type Messages, type PluralMessage } from './i18n/en';
export { id } from './i18n/id';
export { it } from './i18n/it';
export { isPlankitError, PlankitError } from './plankit-error';
export {
  type PlankitContextValue,
  type PlankitInitialData,
  PlankitProvider,
  type PlankitProviderProps,
  type PlankitTheme,
  usePlankit,
} from './provider';
