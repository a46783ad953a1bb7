import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { fullList } from '../wire/list.js';

/** `line_items` of a session (a list of LineItem objects; only included when expanded). */
export function sessionLineItems(engine: Engine, sessionId: string): Stripe.LineItem[] {
  const extras = engine.state.checkoutExtras[sessionId];
  if (!extras) return [];
  const trial = extras.trial_period_days !== null || extras.trial_end !== null;
  return extras.line_items.map((li) => {
    const price = engine.state.prices[li.price] ?? null;
    const amount = trial ? 0 : (price?.unit_amount ?? 0) * li.quantity;
    const product = price ? engine.state.products[price.product as string] : undefined;
    return {
      id: li.id,
      object: 'item',
      adjustable_quantity: null,
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: price?.currency ?? 'usd',
      description: product?.name ?? null,
      metadata: {},
      price,
      quantity: li.quantity,
    };
  });
}

/** Expands `line_items` on a Checkout Session (`expand[]=line_items`). */
export function lineItemsIncluder(engine: Engine, parent: Record<string, unknown>) {
  const id = String(parent.id);
  return fullList(sessionLineItems(engine, id), `/v1/checkout/sessions/${id}/line_items`);
}
