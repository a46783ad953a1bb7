import type Stripe from 'stripe';
import type { Engine } from '../engine.js';

type Configuration = Stripe.BillingPortal.Configuration;

/** The statuses in which Stripe's portal lets a customer change plan or quantity. */
const UPDATABLE_STATUSES: readonly Stripe.Subscription.Status[] = ['active', 'trialing'];

/**
 * Why the portal cannot update this subscription at all (Stripe's portal limits: one item, no metered price, an
 * active or trialing status), or undefined when it can. Such subscriptions can still be canceled.
 */
export function updateBlocker(sub: Stripe.Subscription): string | undefined {
  if (!UPDATABLE_STATUSES.includes(sub.status)) {
    return `The subscription \`${sub.id}\` cannot be updated in the customer portal because its status is \`${sub.status}\`.`;
  }
  if (sub.items.data.length !== 1) {
    return `The subscription \`${sub.id}\` cannot be updated in the customer portal because it has more than one item.`;
  }
  if (sub.items.data[0]?.price.recurring?.usage_type === 'metered') {
    return `The subscription \`${sub.id}\` cannot be updated in the customer portal because it has a usage-based price.`;
  }
  return undefined;
}

/** The configuration's entry for the product of this price, when the price is one customers may switch to. */
export function offeredProduct(
  config: Configuration,
  price: Stripe.Price,
): Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.Product | undefined {
  return (config.features.subscription_update.products ?? []).find(
    (p) => p.product === price.product && p.prices.includes(price.id),
  );
}

/** The quantities customers may pick for this price, or null when the quantity is not adjustable in the portal. */
export function quantityRange(
  config: Configuration,
  price: Stripe.Price,
): { min: number; max: number } | null {
  const update = config.features.subscription_update;
  if (!update.default_allowed_updates.includes('quantity')) return null;
  const product = offeredProduct(config, price);
  if (!product?.adjustable_quantity.enabled) return null;
  // An unset maximum is capped at 99, like Checkout's adjustable quantity (the portal's cap is not verified).
  return { min: product.adjustable_quantity.minimum, max: product.adjustable_quantity.maximum ?? 99 };
}

export interface ItemChange {
  price?: string | null;
  quantity?: number;
}

export interface ChangeRefusal {
  message: string;
  /** Which part of the change is refused, for the error's `param`. */
  part: 'subscription' | 'price' | 'quantity';
}

/**
 * Checks one item change against the configuration: the new price must be listed in
 * `features.subscription_update.products` (with `price` allowed); on a product with an adjustable quantity
 * (`quantity` allowed) the quantity must be within its bounds, elsewhere it stays (or is 1 on another price). Returns what is refused, or undefined.
 */
export function refuseChange(
  engine: Engine,
  config: Configuration,
  sub: Stripe.Subscription,
  change: ItemChange,
): ChangeRefusal | undefined {
  const blocker = updateBlocker(sub);
  if (blocker) return { message: blocker, part: 'subscription' };
  const update = config.features.subscription_update;
  const item = sub.items.data[0];
  if (!item) return { message: 'The subscription has no item to update.', part: 'subscription' };
  const price = change.price ? engine.state.prices[change.price] : item.price;
  if (!price) return { message: `No such price: '${change.price}'`, part: 'price' };
  if (price.id !== item.price.id) {
    if (!update.default_allowed_updates.includes('price')) {
      return {
        message: 'The portal configuration does not allow price updates (`default_allowed_updates`).',
        part: 'price',
      };
    }
    if (!offeredProduct(config, price)) {
      return {
        message: `The price \`${price.id}\` is not one of the prices in the portal configuration's \`features[subscription_update][products]\`.`,
        part: 'price',
      };
    }
  }
  const current = item.quantity ?? 1;
  const quantity = change.quantity ?? current;
  const range = quantityRange(config, price);
  if (range && (!Number.isInteger(quantity) || quantity < range.min || quantity > range.max)) {
    return { message: `The quantity must be between ${range.min} and ${range.max}.`, part: 'quantity' };
  }
  // Without an adjustable quantity the customer keeps the current one, or 1 on another price.
  if (!range && quantity !== current && !(price.id !== item.price.id && quantity === 1)) {
    return {
      message: `The portal configuration does not allow changing the quantity of \`${price.product as string}\`.`,
      part: 'quantity',
    };
  }
  return undefined;
}
