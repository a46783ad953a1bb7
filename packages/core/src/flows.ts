/** The customer portal deep links (seed 002), plus the portal homepage. */
export const portalFlows = [
  'homepage',
  'payment_method_update',
  'subscription_cancel',
  'subscription_update',
  'subscription_update_confirm',
] as const;

export type PortalFlow = (typeof portalFlows)[number];

/** Where the customer lands after finishing a flow (`flow_data.after_completion.type`). */
export const afterCompletionTypes = ['redirect', 'hosted_confirmation', 'portal_homepage'] as const;

export type AfterCompletionType = (typeof afterCompletionTypes)[number];

/** How a cancellation is carried out once its reason is recorded. */
export const cancelModes = ['portal', 'at_period_end', 'immediately'] as const;

export type CancelMode = (typeof cancelModes)[number];
