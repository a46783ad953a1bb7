import type { PlanCatalogConfig } from '@plankit/core';
import type Stripe from 'stripe';
import type { PlanChangeProrationBehavior } from '../subscriptions/proration-behavior';

/** What {@link runDoctor} checks and, with `fix`, repairs. */
export interface DoctorOptions {
  /** A Stripe instance (real Stripe or @plankit/stripe-emulator). */
  stripe: Stripe;
  /** The catalog from definePlans(). */
  plans: PlanCatalogConfig;
  /** The absolute URL of the app's webhook route; when given, an endpoint for it must exist with Plankit's events. */
  webhookUrl?: string;
  /** Which portal configuration to check or fix (the account's default when `configuration` is absent). */
  portal?: { configuration?: string; returnUrl?: string; headline?: string };
  /**
   * How plan changes are billed: createPlankit's `planChange.prorationBehavior` (default `create_prorations`). The
   * portal configuration's `features.subscription_update.proration_behavior` must match it, since the portal's
   * confirm page applies its own setting while Plankit's dialog shows the preview; `fix` sets it.
   */
  prorationBehavior?: PlanChangeProrationBehavior;
  /** The coupon offered before a cancellation goes through; checked to exist and be valid. */
  retentionCouponId?: string;
  /** Create or update the portal configuration (and the webhook endpoint when `webhookUrl` is given), then re-check. */
  fix?: boolean;
  /** The secret key in use, to report its mode (test, live, restricted). */
  secretKey?: string;
}

/** One line of the setup report. */
export interface DoctorFinding {
  /** Stable identifier of what was checked, for example `price.pro.month` or `portal.cancellation-reasons`. */
  id: string;
  level: 'ok' | 'warning' | 'error';
  /** Plain-language statement of what was found. */
  message: string;
  /** True when `fix` changed the account to make this finding pass. */
  fixed?: boolean;
  /** What to do about it. */
  hint?: string;
}

/** The result of {@link runDoctor}. */
export interface DoctorReport {
  /** True when no finding is an error. */
  ok: boolean;
  findings: DoctorFinding[];
  /** The portal configuration that was checked (or created); pass it to createPlankit's `portal.configuration`. */
  portalConfigurationId?: string;
  /** The webhook endpoint found or created; `secret` is only known when `fix` created it. */
  webhookEndpoint?: { id: string; secret?: string };
}
