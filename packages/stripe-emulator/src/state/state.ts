import type Stripe from 'stripe';

/** The card behaviour a test payment method stands for (derived from its test number). */
export type CardBehaviour = 'succeeds' | 'declines' | 'requires_authentication' | 'charge_fails';

/** A proration or one-off amount waiting for the subscription's next invoice. */
export interface PendingInvoiceItem {
  id: string;
  subscription: string;
  subscription_item: string;
  price: string;
  quantity: number;
  amount: number;
  currency: string;
  description: string;
  period: { start: number; end: number };
  proration: boolean;
}

/** What a Checkout Session was created with, beyond the public Session object. */
export interface CheckoutExtras {
  line_items: Array<{ id: string; price: string; quantity: number }>;
  trial_period_days: number | null;
  trial_end: number | null;
  subscription_metadata: Record<string, string>;
  subscription_description: string | null;
  /** Coupon ids or promotion code ids given at creation (`discounts`). */
  discounts: Array<{ coupon?: string; promotion_code?: string }>;
}

/** Webhook endpoint secrets are returned only at creation, so they are kept aside. */
export interface EndpointSecret {
  endpoint: string;
  secret: string;
}

/** The account's public settings the hosted pages show (Stripe's `business_profile.name`, `settings.branding`). */
export interface AccountSettings {
  business_name: string | null;
  /** `#RRGGBB`. */
  primary_color: string | null;
}

/**
 * Everything the emulator knows, as plain JSON (persisted as is). Stored objects are Stripe's own
 * shapes (typed with the SDK's types, so API drift becomes a compile error), unexpanded: references are ids.
 */
export interface EmulatorState {
  version: 1;
  /** Seconds added to the real clock by advanceClock. */
  clockOffset: number;
  products: Record<string, Stripe.Product>;
  prices: Record<string, Stripe.Price>;
  customers: Record<string, Stripe.Customer>;
  paymentMethods: Record<string, Stripe.PaymentMethod>;
  subscriptions: Record<string, Stripe.Subscription>;
  invoices: Record<string, Stripe.Invoice>;
  coupons: Record<string, Stripe.Coupon>;
  promotionCodes: Record<string, Stripe.PromotionCode>;
  discounts: Record<string, Stripe.Discount>;
  checkoutSessions: Record<string, Stripe.Checkout.Session>;
  checkoutExtras: Record<string, CheckoutExtras>;
  portalConfigurations: Record<string, Stripe.BillingPortal.Configuration>;
  portalSessions: Record<string, Stripe.BillingPortal.Session>;
  webhookEndpoints: Record<string, Stripe.WebhookEndpoint>;
  webhookSecrets: Record<string, string>;
  events: Record<string, Stripe.Event>;
  pendingInvoiceItems: PendingInvoiceItem[];
  invoiceCounter: number;
  /** Ids of deleted objects (retrieving them answers `deleted: true`). */
  deletedIds: Record<string, string>;
  /** Trial end for which `customer.subscription.trial_will_end` was sent, by subscription. */
  trialNotices: Record<string, number>;
  account: AccountSettings;
}

export function emptyState(): EmulatorState {
  return {
    version: 1,
    clockOffset: 0,
    products: {},
    prices: {},
    customers: {},
    paymentMethods: {},
    subscriptions: {},
    invoices: {},
    coupons: {},
    promotionCodes: {},
    discounts: {},
    checkoutSessions: {},
    checkoutExtras: {},
    portalConfigurations: {},
    portalSessions: {},
    webhookEndpoints: {},
    webhookSecrets: {},
    events: {},
    pendingInvoiceItems: [],
    invoiceCounter: 0,
    deletedIds: {},
    trialNotices: {},
    account: { business_name: null, primary_color: null },
  };
}
