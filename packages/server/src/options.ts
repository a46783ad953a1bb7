import type { CancelMode, PlanCatalogConfig } from '@plankit/core';
import type Stripe from 'stripe';
import type { CustomerMapping } from './customers/customer-mapping';
import type { CustomerLookup } from './customers/customer-recovery';
import type { Identity } from './customers/identity';
import type { Logger } from './logger';
import type { WindowLimit } from './security/rate-limit';
import type { PlankitStore } from './store/plankit-store';
import type { PromotionCodePolicy } from './stripe/accept-promotion-code';
import type { PlanChangeProrationBehavior } from './subscriptions/proration-behavior';
import type { WebhookCallbacks } from './webhook/webhook-callbacks';

/** Options of {@link createPlankit}. */
export interface PlankitOptions {
  /**
   * A Stripe client (real Stripe or the emulator). Give this or `secretKey`. Your client keeps only the SDK's
   * retries, which answer most 429s with an error at once; build it with {@link createStripeClient}, or pass
   * `httpClient: withRateLimitRetries(Stripe.createNodeHttpClient())`, to get Plankit's 429 retries too.
   */
  stripe?: Stripe;
  /**
   * A Stripe secret key; Plankit then creates the client with {@link createStripeClient} (2 network retries, a
   * 20 s timeout, and up to 2 retries of a 429 with the same idempotency key).
   */
  secretKey?: string | undefined;
  /**
   * Where the Stripe API is, for `secretKey`'s client: the emulator's URL such as `http://127.0.0.1:12111`
   * (`plankit-stripe-emulator` prints it). Default Stripe's. Refused with a live key.
   */
  stripeApiUrl?: string | undefined;
  /**
   * Who is signed in, from the request (session cookie, token...). Return null when nobody is (401).
   * The email must be verified by your app and belong to this user alone: on a mutation (checkout, portal) Plankit
   * may link an existing, unclaimed Stripe customer with that email (seed 000).
   */
  identify: (request: Request) => Promise<Identity | null> | Identity | null;
  /** The catalog from `definePlans()` in `@plankit/core`. */
  plans: PlanCatalogConfig;
  /** Origins of the app's pages (e.g. `https://app.example.com`). The first one resolves relative return paths. */
  allowedOrigins: readonly string[];
  /** Where the routes are mounted (default `/api/billing`). */
  basePath?: string;
  /**
   * The app's own userId <-> customerId mapping. It is read first and is authoritative; Plankit tells it (`save`)
   * the moment it creates, recovers or replaces a customer. Default: the store's link, recovered from
   * `metadata.plankit_user_id` on Stripe customers when the store has nothing.
   */
  customers?: CustomerMapping & {
    /** On a mutation, link an existing Stripe customer with the user's email that no user has claimed yet (default true). */
    matchByEmail?: boolean;
  };
  /**
   * How a user's customer is recovered when neither the mapping nor the store knows it: `'search'` (default) uses
   * Stripe search on the metadata, then the list by email; `'no-search'` only the list by email, for accounts where
   * Stripe offers no search (India, for example). Plankit also switches to it when Stripe says search is unavailable.
   */
  customerLookup?: CustomerLookup;
  /** Shared state: event-id dedupe, checkout lease, caches. Default: in memory (one instance only). */
  store?: PlankitStore;
  /** Customer portal: a configuration id (`bpc_...`) and where "return" goes when the browser gives no returnTo. */
  portal?: { configuration?: string; defaultReturnTo?: string };
  /**
   * Checkout: Stripe Tax, Stripe's own promotion code field on the Checkout page (`allowPromotionCodes`; Stripe
   * checks what is typed there), the default return address, and how many checkouts of one user may wait while
   * another runs (`maxWaiting`, default 3; more answer `429 rate_limited` with `Retry-After`).
   */
  checkout?: {
    automaticTax?: boolean;
    allowPromotionCodes?: boolean;
    defaultReturnTo?: string;
    maxWaiting?: number;
  };
  /**
   * Promotion codes sent by the browser (`promotionCode` on `/checkout`, `/change-plan`, `/preview-change` and the
   * portal's confirm flow). Default `false`: every code is refused as `invalid_promotion_code` without asking
   * Stripe, so an internal 100% code cannot be redeemed (or probed) by a customer. `true` accepts any active code,
   * a list accepts only those codes (case-insensitive), a function decides over the promotion code object.
   */
  promotionCodes?: PromotionCodePolicy;
  /**
   * Refused promotion codes one user may send per window before `429 rate_limited` (default 5 per 15 minutes),
   * counted in the store so the limit holds across instances sharing it.
   */
  promotionCodeAttempts?: Partial<WindowLimit>;
  /**
   * Per-user limit on mutations (every `POST` route but the webhook), counted in the store; off by default.
   * Stripe's rate limit is shared by every user of the account, so one user must not spend it.
   */
  rateLimit?: {
    mutations?: WindowLimit;
    /** `POST /sync` per user (default 12 a minute): each sync costs a Stripe call. */
    sync?: WindowLimit;
  };
  /**
   * A retention coupon offered before a subscription is canceled (seed 003). It is remembered on the customer, so by
   * default it is offered once per customer, not once per subscription: re-subscribing does not earn it again.
   */
  retention?: {
    couponId: string;
    /** `'subscription'` offers it once per subscription instead (default `'customer'`). */
    oncePer?: 'customer' | 'subscription';
    /** Days a subscription must have existed before the offer is made (default 0). */
    minTenureDays?: number;
    /** Offer it while the subscription is trialing (default false: a trial costs nothing to keep). */
    duringTrial?: boolean;
  };
  /**
   * How cancellations may be carried out; the first is the default (default: `['portal']`).
   * `/resume` and `/retention/accept` lift only a cancellation the customer scheduled through Plankit; with
   * `liftAnyCancellation: true` they also lift one set elsewhere (the Dashboard, the API, the portal).
   */
  cancel?: { modes?: readonly CancelMode[]; liftAnyCancellation?: boolean };
  /** Plan changes: in the app or through the portal, and how they are billed. */
  planChange?: {
    /** `true` enables `POST /change-plan` (otherwise plan changes go through the portal). */
    inApp?: boolean;
    /**
     * How a change is billed (default `create_prorations`): `always_invoice` charges the prorated difference now,
     * `create_prorations` adds it to the next invoice, `none` bills the new price from the renewal on. `POST
     * /change-plan` applies it and `POST /preview-change` previews it; the portal configuration must say the same
     * (`plankit doctor` checks it, `--fix` sets it), or the portal's confirm page charges other amounts than shown.
     */
    prorationBehavior?: PlanChangeProrationBehavior;
    /**
     * A trialing subscription switched to a plan with a shorter trial (or none): `'cap'` (default) shortens the
     * trial to that plan's `trialDays` from the trial's start, ending it at once when that is past; `'refuse'`
     * answers `subscription_not_active`. Either way the portal's plan-change flows are not minted where the trial
     * would be carried over.
     */
    duringTrial?: 'cap' | 'refuse';
    /** A promotion code on a plan change replaces the subscription's discounts (default false: it is added). */
    promotionCodeReplacesDiscounts?: boolean;
  };
  /** Stripe webhooks: the endpoint's signing secret (`whsec_...`) and typed callbacks. */
  webhook?: {
    secret: string;
    on?: WebhookCallbacks;
    /** Cancel the newer subscription when a customer ends up with two (default false: only report). */
    cancelDuplicates?: boolean;
    /**
     * Accept events of connected accounts (`event.account` set). Default false: they are refused with 400, since a
     * Connect endpoint's events belong to other businesses' customers.
     */
    connect?: boolean;
  };
  /** How long the joined catalog is cached (default 5 minutes). */
  catalogTtlMs?: number;
  /** Server-side diagnostics (default `console`). */
  logger?: Logger;
}
