import { lineItemsIncluder } from './resources/checkout-line-items.js';
import { checkoutSessionRoutes } from './resources/checkout-sessions.js';
import { couponRoutes } from './resources/coupons.js';
import { customerRoutes, customerSubscriptions } from './resources/customers.js';
import { eventRoutes } from './resources/events.js';
import { invoiceRoutes } from './resources/invoices.js';
import { paymentMethodRoutes } from './resources/payment-methods.js';
import { portalConfigurationRoutes } from './resources/portal-configurations.js';
import { portalSessionRoutes } from './resources/portal-sessions.js';
import { priceRoutes } from './resources/prices.js';
import { productRoutes } from './resources/products.js';
import { subscriptionItemRoutes } from './resources/subscription-items.js';
import { subscriptionRoutes } from './resources/subscriptions.js';
import { webhookEndpointRoutes } from './resources/webhook-endpoints.js';
import type { Includer } from './wire/expand.js';
import { compileRoutes } from './wire/route.js';

/** Every `/v1` endpoint the emulator implements. */
export const apiRoutes = compileRoutes([
  ...productRoutes,
  ...priceRoutes,
  ...customerRoutes,
  ...paymentMethodRoutes,
  ...subscriptionRoutes,
  ...subscriptionItemRoutes,
  ...invoiceRoutes,
  ...couponRoutes,
  ...checkoutSessionRoutes,
  ...portalConfigurationRoutes,
  ...portalSessionRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
]);

/** Stripe's "includable" fields, present only when expanded. */
export const includers: Record<string, Includer> = {
  'customer.subscriptions': (engine, parent) => customerSubscriptions(engine, String(parent.id)),
  'checkout.session.line_items': lineItemsIncluder,
};
