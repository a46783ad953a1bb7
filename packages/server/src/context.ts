import type { CancelMode, PlanCatalogConfig } from '@plankit/core';
import type Stripe from 'stripe';
import type { CatalogCache } from './catalog/catalog-cache';
import type { CheckoutCoordinator } from './checkout/checkout-coordinator';
import type { CustomerResolver } from './customers/customer-resolver';
import type { Identity } from './customers/identity';
import type { Logger } from './logger';
import type { PlankitOptions } from './options';
import type { PlankitStore } from './store/plankit-store';
import type { CouponCache } from './stripe/coupon-cache';

/** Everything a route needs, built once by createPlankit. */
export interface PlankitContext {
  stripe: Stripe;
  plans: PlanCatalogConfig;
  allowedOrigins: readonly string[];
  store: PlankitStore;
  logger: Logger;
  catalog: CatalogCache;
  customers: CustomerResolver;
  coupons: CouponCache;
  checkout: CheckoutCoordinator;
  cancelModes: readonly CancelMode[];
  options: PlankitOptions;
}

/** One request after the pipeline: parsed body and identity. */
export interface RouteInput<Body> {
  request: Request;
  body: Body;
  identity: Identity;
}
