import { type BillingInterval, maxSubscriptionItems } from '@plankit/core';
import { PlankitError } from '../http/plankit-error';
import { findEntry, type ResolvedCatalog, type ResolvedPrice } from './resolved-catalog';

/** What the browser asks for: plan and add-on keys, never price ids. */
export interface BundleRequest {
  plan: string;
  interval: BillingInterval;
  quantity?: number | undefined;
  addOns?: readonly string[] | undefined;
}

/** One subscription item to send to Stripe. */
export interface BundleItem {
  kind: 'plan' | 'add_on';
  key: string;
  price: ResolvedPrice;
  quantity: number;
}

/** A checked bundle: the plan item first, then the add-ons. */
export interface Bundle {
  plan: string;
  interval: BillingInterval;
  quantity: number;
  currency: string;
  items: BundleItem[];
}

/**
 * Turns plan and add-on keys into Stripe prices and checks the combination before Stripe is called (seed 001):
 * known plan and add-ons, the interval offered, the quantity within the plan's seats, at most 20 items, one
 * currency and one billing interval.
 */
export function resolveBundle(
  catalog: ResolvedCatalog,
  seatsOf: (plan: string) => { min: number; max: number } | null,
  perSeatOf: (addOn: string) => boolean,
  request: BundleRequest,
  defaultQuantity?: number,
): Bundle {
  const plan = findEntry(catalog, 'plan', request.plan);
  const publicPlan = catalog.public.plans.find((candidate) => candidate.key === request.plan);
  if (!plan || !publicPlan) throw new PlankitError('unknown_plan');
  const planPrice = plan.prices[request.interval];
  if (!planPrice) throw new PlankitError('interval_unavailable');
  const seats = seatsOf(request.plan);
  let quantity = request.quantity ?? defaultQuantity ?? seats?.min ?? 1;
  if (request.quantity === undefined && seats) quantity = Math.min(Math.max(quantity, seats.min), seats.max);
  if (seats ? quantity < seats.min || quantity > seats.max : quantity !== 1) {
    throw new PlankitError('quantity_out_of_range', {
      details: { min: seats?.min ?? 1, max: seats?.max ?? 1 },
    });
  }
  const items: BundleItem[] = [{ kind: 'plan', key: plan.key, price: planPrice, quantity }];
  for (const key of request.addOns ?? []) {
    const addOn = findEntry(catalog, 'add_on', key);
    if (!addOn || !publicPlan.addOns.includes(key))
      throw new PlankitError('unknown_add_on', { details: { addOn: key } });
    const price = addOn.prices[request.interval];
    if (!price) throw new PlankitError('interval_unavailable', { details: { addOn: key } });
    items.push({ kind: 'add_on', key, price, quantity: perSeatOf(key) ? quantity : 1 });
  }
  if (items.length > maxSubscriptionItems) throw new PlankitError('too_many_items');
  if (items.some((item) => item.price.currency !== planPrice.currency))
    throw new PlankitError('mixed_currency');
  if (
    items.some(
      (item) =>
        item.price.interval !== planPrice.interval || item.price.intervalCount !== planPrice.intervalCount,
    )
  ) {
    throw new PlankitError('mixed_interval');
  }
  return { plan: plan.key, interval: request.interval, quantity, currency: planPrice.currency, items };
}
