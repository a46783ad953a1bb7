import type { BillingInterval, Catalog, CatalogPrice } from '@plankit/core';

/** The price billed every single interval (intervalCount 1) for this interval, if any. */
export function priceFor(
  prices: readonly CatalogPrice[],
  interval: BillingInterval,
): CatalogPrice | undefined {
  return prices.find((price) => price.interval === interval && price.intervalCount === 1);
}

/** The largest saving of paying yearly over twelve monthly payments across plans, 0 to 1. */
export function yearlySaving(catalog: Catalog): number {
  let best = 0;
  for (const plan of catalog.plans) {
    const month = priceFor(plan.prices, 'month');
    const year = priceFor(plan.prices, 'year');
    if (month && year && month.unitAmount > 0 && month.currency === year.currency) {
      best = Math.max(best, 1 - year.unitAmount / (12 * month.unitAmount));
    }
  }
  return best;
}
