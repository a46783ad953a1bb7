import type { CancelMode, PlanCatalogConfig } from '@plankit/core';
import type Stripe from 'stripe';
import type { CustomerMapping } from './customers/customer-mapping';
import type { Identity } from './customers/identity';
import type { Logger } from './logger';
import type { PlankitStore } from './store/plankit-store';
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
   * The email must be verified: Plankit may link an existing Stripe customer with that email (seed 000).
   */
  identify: (request: Request) => Promise<Identity | null> | Identity | null;
  /** The catalog from `definePlans()` in `@plankit/core`. */
  plans: PlanCatalogConfig;
  /** Origins of the app's pages (e.g. `https://app.example.com`). The first one resolves relative return paths. */
  allowedOrigins: readonly string[];
  /** Where the routes are mounted (default `/api/billing`). */
  basePath?: string;
  /** The app's own userId <-> customerId mapping; default: `metadata.plankit_user_id` on Stripe customers, cached. */
  customers?: CustomerMapping & {
    /** Link an existing Stripe customer with the user's email that no user has claimed yet (default true). */
    matchByEmail?: boolean;
  };
  /** Shared state: event-id dedupe, checkout lease, caches. Default: in memory (one instance only). */
  store?: PlankitStore;
  /** Customer portal: a configuration id (`bpc_...`) and where "return" goes when the browser gives no returnTo. */
  portal?: { configuration?: string; defaultReturnTo?: string };
  /** Checkout: Stripe Tax, a promotion code field, and the default return address. */
  checkout?: { automaticTax?: boolean; allowPromotionCodes?: boolean; defaultReturnTo?: string };
  /** A retention coupon offered once per subscription before it is canceled (seed 003). */
  retention?: { couponId: string };
  /** How cancellations may be carried out; the first is the default (default: `['portal']`). */
  cancel?: { modes?: readonly CancelMode[] };
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
  };
  /** Stripe webhooks: the endpoint's signing secret (`whsec_...`) and typed callbacks. */
  webhook?: {
    secret: string;
    on?: WebhookCallbacks;
    /** Cancel the newer subscription when a customer ends up with two (default false: only report). */
    cancelDuplicates?: boolean;
  };
  /** How long the joined catalog is cached (default 5 minutes). */
  catalogTtlMs?: number;
  /** Server-side diagnostics (default `console`). */
  logger?: Logger;
}
