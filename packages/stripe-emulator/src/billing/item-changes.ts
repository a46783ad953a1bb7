import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import { newId } from '../state/ids.js';
import { mergeMetadata, type Params } from '../wire/params.js';
import { invalidRequest, resourceMissing } from '../wire/stripe-error.js';
import { recurringPrice, validateItemSet } from './items.js';
import type { ItemChange } from './proration.js';

/** The item set a subscription would have after `items[...]` params, and what changed. */
export interface PlannedItems {
  next: Array<{
    id: string;
    price: Stripe.Price;
    quantity: number;
    metadata: Record<string, string>;
    isNew: boolean;
  }>;
  changes: ItemChange[];
}

/**
 * Interprets `items[n][id|price|quantity|deleted|metadata]` against a subscription, as Stripe does:
 * an `id` changes or deletes that item, no `id` adds an item. Validates the resulting set.
 */
export function planItems(
  engine: Engine,
  sub: Stripe.Subscription,
  itemParams: Params[] | undefined,
): PlannedItems {
  const next = sub.items.data.map((i) => ({
    id: i.id,
    price: engine.state.prices[i.price.id] ?? i.price,
    quantity: i.quantity ?? 1,
    metadata: i.metadata,
    isNew: false,
  }));
  for (const p of itemParams ?? []) {
    const id = p.nonEmptyStr('id');
    const priceId = p.nonEmptyStr('price') ?? p.nonEmptyStr('plan');
    const quantity = p.int('quantity');
    if (quantity !== undefined && quantity < 0) {
      throw invalidRequest('Invalid quantity: must be a non-negative integer.', `${p.prefix}[quantity]`);
    }
    if (id) {
      const index = next.findIndex((i) => i.id === id);
      const current = next[index];
      if (!current) throw resourceMissing('subscription item', id, `${p.prefix}[id]`);
      if (p.bool('deleted')) {
        next.splice(index, 1);
        continue;
      }
      if (priceId) current.price = recurringPrice(engine, priceId, `${p.prefix}[price]`);
      if (quantity !== undefined) current.quantity = quantity;
      if (p.has('metadata')) current.metadata = mergeMetadata(current.metadata, p.metadata());
    } else {
      if (p.bool('deleted'))
        throw invalidRequest('You must specify an item id to delete it.', `${p.prefix}[deleted]`);
      if (!priceId) {
        throw invalidRequest(
          'You must specify a price, plan, or price_data when adding an item.',
          `${p.prefix}[price]`,
          'parameter_missing',
        );
      }
      const price = recurringPrice(engine, priceId, `${p.prefix}[price]`);
      if (next.some((i) => i.price.id === price.id)) {
        throw invalidRequest(
          `Cannot add multiple subscription items with the same price: ${price.id}`,
          `${p.prefix}[price]`,
        );
      }
      next.push({
        id: newId('si', 14),
        price,
        quantity: quantity ?? 1,
        metadata: mergeMetadata({}, p.metadata()) ?? {},
        isNew: true,
      });
    }
  }
  validateItemSet(
    next.map((n) => n.price),
    'items',
  );
  const changes: ItemChange[] = [];
  for (const old of sub.items.data) {
    const after = next.find((n) => n.id === old.id);
    changes.push({
      itemId: old.id,
      before: { price: old.price, quantity: old.quantity ?? 1 },
      after: after ? { price: after.price, quantity: after.quantity } : null,
    });
  }
  for (const added of next.filter((n) => n.isNew)) {
    changes.push({ itemId: added.id, before: null, after: { price: added.price, quantity: added.quantity } });
  }
  return { next, changes };
}
