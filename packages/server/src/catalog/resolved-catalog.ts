import type { BillingInterval, Catalog } from '@plankit/core';

/** One Stripe price as Plankit uses it: the id stays on the server, the browser only sees keys. */
export interface ResolvedPrice {
  id: string;
  productId: string;
  interval: BillingInterval;
  intervalCount: number;
  currency: string;
  unitAmount: number;
}

/** A plan or add-on joined with its Stripe product and prices. */
export interface ResolvedEntry {
  kind: 'plan' | 'add_on';
  key: string;
  prices: Partial<Record<BillingInterval, ResolvedPrice>>;
}

/** The public `GET /plans` body in one locale, with its ETag. */
export interface PublicCatalog {
  public: Catalog;
  etag: string;
}

/**
 * The catalog as cached: the public `GET /plans` body in the default locale and its ETag, the same in each
 * locale the config translates into, and the server-only price ids.
 */
export interface ResolvedCatalog extends PublicCatalog {
  entries: ResolvedEntry[];
  /** Keyed by lower-case locale; the default locale is not repeated here. */
  locales: Record<string, PublicCatalog>;
}

/** The plan or add-on a Stripe price id belongs to, if the catalog knows it. */
export function entryForPrice(
  catalog: ResolvedCatalog,
  priceId: string,
): { entry: ResolvedEntry; price: ResolvedPrice } | null {
  for (const entry of catalog.entries) {
    for (const price of Object.values(entry.prices)) {
      if (price?.id === priceId) return { entry, price };
    }
  }
  return null;
}

/** Finds a plan or add-on entry by kind and key. */
export function findEntry(catalog: ResolvedCatalog, kind: ResolvedEntry['kind'], key: string) {
  return catalog.entries.find((entry) => entry.kind === kind && entry.key === key);
}
