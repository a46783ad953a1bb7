/**
 * The events Plankit's webhook route handles: subscription lifecycle and checkout for the app's callbacks and
 * the one-subscription safety net, invoices for payment failures, products and prices to refresh the catalog cache.
 */
export const requiredWebhookEvents = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.payment_failed',
  'invoice.paid',
  'product.created',
  'product.updated',
  'price.created',
  'price.updated',
] as const;
