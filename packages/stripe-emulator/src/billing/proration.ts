import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import type { LineInput } from './invoicing.js';
import { itemAmount } from './items.js';

/** An item before and after a change (either side may be absent: added or removed items). */
export interface ItemChange {
  itemId: string;
  before: { price: Stripe.Price; quantity: number } | null;
  after: { price: Stripe.Price; quantity: number } | null;
}

function productName(engine: Engine, price: Stripe.Price): string {
  return engine.state.products[price.product as string]?.name ?? String(price.product);
}

function dateLabel(ts: number): string {
  return new Date(ts * 1000).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * Proration lines for item changes at `at` within [periodStart, periodEnd): the unused time on the old
 * price is credited and the remaining time on the new price is charged, both by seconds of the period
 * (Stripe's method), each rounded to the smallest currency unit.
 */
export function prorationLines(
  engine: Engine,
  changes: ItemChange[],
  period: { start: number; end: number },
  at: number,
): LineInput[] {
  const total = period.end - period.start;
  if (total <= 0 || at >= period.end) return [];
  const remaining = period.end - Math.max(at, period.start);
  const fraction = remaining / total;
  const lines: LineInput[] = [];
  const span = { start: Math.max(at, period.start), end: period.end };
  for (const change of changes) {
    const { before, after } = change;
    const same = before && after && before.price.id === after.price.id && before.quantity === after.quantity;
    if (same) continue;
    if (before) {
      const amount = -Math.round(itemAmount(before) * fraction);
      lines.push({
        amount,
        description: `Unused time on ${before.quantity > 1 ? `${before.quantity} × ` : ''}${productName(engine, before.price)} after ${dateLabel(at)}`,
        period: span,
        price: before.price,
        quantity: before.quantity,
        proration: true,
        subscriptionItem: change.itemId,
      });
    }
    if (after) {
      const amount = Math.round(itemAmount(after) * fraction);
      lines.push({
        amount,
        description: `Remaining time on ${after.quantity > 1 ? `${after.quantity} × ` : ''}${productName(engine, after.price)} after ${dateLabel(at)}`,
        period: span,
        price: after.price,
        quantity: after.quantity,
        proration: true,
        subscriptionItem: change.itemId,
      });
    }
  }
  return lines;
}
