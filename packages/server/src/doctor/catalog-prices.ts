import type { BillingInterval, PlanCatalogConfig, PriceSelector } from '@plankit/core';
import type Stripe from 'stripe';

/** One price the catalog refers to: a plan's or an add-on's price for one interval. */
export interface CatalogPriceRef {
  owner: 'plan' | 'addOn';
  key: string;
  interval: BillingInterval;
  selector: PriceSelector;
  /** The plan is per-seat, or the add-on follows the seats: its product should carry a unit label. */
  perSeat: boolean;
}

/** A {@link CatalogPriceRef} with the Stripe price it points at (product expanded), or null when none exists. */
export interface ResolvedCatalogPrice extends CatalogPriceRef {
  price: Stripe.Price | null;
}

/** Stripe accepts at most 10 lookup keys per prices.list call. */
const lookupKeysPerCall = 10;

/** Every price reference of the catalog, plans first, in config order. */
export function catalogPriceRefs(catalog: PlanCatalogConfig): CatalogPriceRef[] {
  const refs: CatalogPriceRef[] = [];
  for (const plan of catalog.plans) {
    for (const [interval, selector] of Object.entries(plan.prices) as [BillingInterval, PriceSelector][]) {
      refs.push({ owner: 'plan', key: plan.key, interval, selector, perSeat: plan.seats !== null });
    }
  }
  for (const addOn of catalog.addOns) {
    for (const [interval, selector] of Object.entries(addOn.prices) as [BillingInterval, PriceSelector][]) {
      refs.push({ owner: 'addOn', key: addOn.key, interval, selector, perSeat: addOn.perSeat });
    }
  }
  return refs;
}

/** How a reference reads in a message: `plan "pro" (month)`. */
export function describeRef(ref: CatalogPriceRef): string {
  return `${ref.owner === 'plan' ? 'plan' : 'add-on'} "${ref.key}" (${ref.interval})`;
}

/** How a selector reads in a message: `lookup key "pro_monthly"` or `price price_123`. */
export function describeSelector(selector: PriceSelector): string {
  return 'lookupKey' in selector ? `lookup key "${selector.lookupKey}"` : `price ${selector.id}`;
}

/** Whether a Stripe error means "no such object". */
export function isMissingError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return statusCode === 404 || code === 'resource_missing';
}

/**
 * Fetches every price the catalog refers to, with its product expanded.
 * Lookup keys are resolved together (one prices.list call per 10 keys, so one call for most catalogs);
 * explicit price ids are retrieved one by one.
 */
export async function resolveCatalogPrices(
  stripe: Stripe,
  catalog: PlanCatalogConfig,
): Promise<ResolvedCatalogPrice[]> {
  const refs = catalogPriceRefs(catalog);
  const lookupKeys = [
    ...new Set(refs.flatMap((ref) => ('lookupKey' in ref.selector ? [ref.selector.lookupKey] : []))),
  ];
  const ids = [...new Set(refs.flatMap((ref) => ('id' in ref.selector ? [ref.selector.id] : [])))];

  const byLookupKey = new Map<string, Stripe.Price>();
  for (let start = 0; start < lookupKeys.length; start += lookupKeysPerCall) {
    const page = await stripe.prices.list({
      lookup_keys: lookupKeys.slice(start, start + lookupKeysPerCall),
      expand: ['data.product'],
      limit: 100,
    });
    for (const price of page.data) if (price.lookup_key) byLookupKey.set(price.lookup_key, price);
  }

  const byId = new Map<string, Stripe.Price | null>();
  await Promise.all(
    ids.map(async (id) => {
      try {
        byId.set(id, await stripe.prices.retrieve(id, { expand: ['product'] }));
      } catch (error) {
        if (!isMissingError(error)) throw error;
        byId.set(id, null);
      }
    }),
  );

  return refs.map((ref) => ({
    ...ref,
    price:
      'lookupKey' in ref.selector
        ? (byLookupKey.get(ref.selector.lookupKey) ?? null)
        : (byId.get(ref.selector.id) ?? null),
  }));
}

/** The expanded product of a price, or null when it was not expanded or is deleted. */
export function productOf(price: Stripe.Price): Stripe.Product | null {
  const product = price.product;
  if (typeof product === 'string' || product.deleted) return null;
  return product;
}

/** The product id of a price, expanded or not. */
export function productIdOf(price: Stripe.Price): string {
  return typeof price.product === 'string' ? price.product : price.product.id;
}
