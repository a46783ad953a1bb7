import type { PlanCatalogConfig } from '@plankit/core';
import type { ResolvedCatalogPrice } from './catalog-prices';
import { productIdOf } from './catalog-prices';

/** A product customers may switch to in the portal, with the prices they may pick. */
export interface PortalProduct {
  product: string;
  prices: string[];
  /** Seat bounds when the product is sold per seat: its quantity must be adjustable. */
  seats: { min: number; max: number } | null;
}

/** Stripe's portal lists at most 10 products for subscription updates. */
export const maxPortalProducts = 10;

/**
 * The products and prices the portal's plan switching should offer: every plan's product with the plan's
 * prices. Add-ons are left out on purpose: they are not plans to switch to, and Stripe's portal cannot
 * update subscriptions with several items anyway.
 */
export function portalProducts(
  catalog: PlanCatalogConfig,
  resolved: readonly ResolvedCatalogPrice[],
): PortalProduct[] {
  const byProduct = new Map<string, PortalProduct>();
  for (const ref of resolved) {
    if (ref.owner !== 'plan' || !ref.price) continue;
    const plan = catalog.plans.find((candidate) => candidate.key === ref.key);
    const product = productIdOf(ref.price);
    const entry = byProduct.get(product) ?? { product, prices: [], seats: null };
    if (!entry.prices.includes(ref.price.id)) entry.prices.push(ref.price.id);
    if (plan?.seats) {
      entry.seats = entry.seats
        ? { min: Math.min(entry.seats.min, plan.seats.min), max: Math.max(entry.seats.max, plan.seats.max) }
        : { ...plan.seats };
    }
    byProduct.set(product, entry);
  }
  return [...byProduct.values()];
}
