import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { newId } from '../state/ids.js';
import { invalidRequest } from '../wire/stripe-error.js';
import type { Interval } from './periods.js';

/** Stripe's limit on items in one subscription. */
export const MAX_ITEMS = 20;

/** The legacy Plan view of a recurring price, which Stripe still embeds in subscription items. */
export function planFromPrice(price: Stripe.Price): Stripe.Plan {
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: (price.recurring?.interval ?? 'month') as Stripe.Plan.Interval,
    interval_count: price.recurring?.interval_count ?? 1,
    livemode: false,
    metadata: price.metadata,
    meter: null,
    nickname: price.nickname,
    product: price.product as string,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: 'licensed',
  };
}

export function buildItem(
  engine: Engine,
  subscriptionId: string,
  price: Stripe.Price,
  quantity: number,
  period: { start: number; end: number },
  metadata: Record<string, string> = {},
): Stripe.SubscriptionItem {
  return {
    id: newId('si', 14),
    object: 'subscription_item',
    billing_thresholds: null,
    created: engine.now(),
    current_period_end: period.end,
    current_period_start: period.start,
    current_trial: null,
    discounts: [],
    metadata,
    plan: planFromPrice(price),
    price,
    quantity,
    subscription: subscriptionId,
    tax_rates: [],
  };
}

/** The price, refused when inactive, or tiered (the emulator keeps tiered prices but does not bill them). */
function active(price: Stripe.Price, param: string): Stripe.Price {
  if (!price.active) {
    throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, param);
  }
  if (price.billing_scheme === 'tiered') {
    throw invalidRequest(
      'The Plankit emulator does not bill tiered prices; use Stripe test mode for them.',
      param,
    );
  }
  return price;
}

/** A price usable in a subscription: it must exist, be active and recurring. */
export function recurringPrice(engine: Engine, id: string, param: string): Stripe.Price {
  const price = engine.price(id, param);
  if (!price.recurring) {
    throw invalidRequest(
      `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
      param,
    );
  }
  return active(price, param);
}

/** A price for a `payment` mode Checkout Session: active and one-time. */
export function oneTimePrice(engine: Engine, id: string, param: string): Stripe.Price {
  const price = engine.price(id, param);
  if (price.recurring) {
    throw invalidRequest(
      'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
      param,
    );
  }
  return active(price, param);
}

/** The line items of one payment: at most 100 (Stripe's Checkout limit), one currency. */
export function validateOneTimeItems(prices: Stripe.Price[]): void {
  if (prices.length > 100) {
    throw invalidRequest(
      `A Checkout Session can have at most 100 line items. You passed ${prices.length}.`,
      'line_items',
    );
  }
  const currency = prices[0]?.currency;
  if (prices.some((price) => price.currency !== currency)) {
    throw invalidRequest('All line items must use the same currency.', 'line_items');
  }
}

/**
 * Stripe's rules for the items of one subscription: at most 20, one currency, one billing interval.
 * Messages follow Stripe's ("Currency and interval fields must match across all plans on this subscription...").
 */
export function validateItemSet(prices: Stripe.Price[], param = 'items'): void {
  if (prices.length === 0) {
    throw invalidRequest('Missing required param: items.', param, 'parameter_missing');
  }
  if (prices.length > MAX_ITEMS) {
    throw invalidRequest(
      `A subscription can have at most ${MAX_ITEMS} items. You passed ${prices.length}.`,
      param,
      'parameter_invalid_integer',
    );
  }
  const first = prices[0] as Stripe.Price;
  for (const p of prices) {
    if (p.currency !== first.currency) {
      throw invalidRequest(
        'Currency and interval fields must match across all plans on this subscription. Found mismatch in currency field.',
        param,
      );
    }
    if (
      p.recurring?.interval !== first.recurring?.interval ||
      p.recurring?.interval_count !== first.recurring?.interval_count
    ) {
      throw invalidRequest(
        'Currency and interval fields must match across all plans on this subscription. Found mismatch in interval field.',
        param,
      );
    }
  }
}

export function intervalOf(price: Stripe.Price): { interval: Interval; count: number } {
  return {
    interval: (price.recurring?.interval ?? 'month') as Interval,
    count: price.recurring?.interval_count ?? 1,
  };
}

/** Amount of one item for a full period. */
export function itemAmount(item: { price: Stripe.Price; quantity?: number }): number {
  return (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
}

export function describeItem(engine: Engine, price: Stripe.Price, quantity: number): string {
  const product = engine.state.products[price.product as string];
  return `${quantity} × ${product?.name ?? price.product} (at ${price.unit_amount ?? 0} ${price.currency} / ${price.recurring?.interval ?? 'once'})`;
}
