import { createHash } from 'node:crypto';
import {
  type BillingInterval,
  billingIntervals,
  type Catalog,
  type CatalogPrice,
  type DefinedAddOn,
  type DefinedPlan,
  type PlanCatalogConfig,
  type PriceSelector,
} from '@plankit/core';
import type Stripe from 'stripe';
import type { Logger } from '../logger';
import type { ResolvedCatalog, ResolvedEntry, ResolvedPrice } from './resolved-catalog';

/** Stripe accepts at most 10 lookup keys per prices.list call. */
const lookupKeysPerCall = 10;

interface ProductInfo {
  name: string;
  description: string | null;
  image: string | null;
  unitLabel: string | null;
}

function productOf(price: Stripe.Price): ProductInfo | null {
  const product = price.product;
  if (typeof product === 'string' || product.deleted) return null;
  return {
    name: product.name,
    description: product.description ?? null,
    image: product.images?.[0] ?? null,
    unitLabel: product.unit_label ?? null,
  };
}

function selectorLabel(selector: PriceSelector): string {
  return 'id' in selector ? selector.id : `lookup key "${selector.lookupKey}"`;
}

/** Fetches every price the config names: one call per 10 lookup keys, one per explicit price id. */
async function fetchPrices(stripe: Stripe, config: PlanCatalogConfig): Promise<Map<string, Stripe.Price>> {
  const selectors = [...config.plans, ...config.addOns].flatMap((entry) => Object.values(entry.prices));
  const lookupKeys = [...new Set(selectors.flatMap((s) => (s && 'lookupKey' in s ? [s.lookupKey] : [])))];
  const ids = [...new Set(selectors.flatMap((s) => (s && 'id' in s ? [s.id] : [])))];
  const found = new Map<string, Stripe.Price>();
  const batches: Promise<void>[] = [];
  for (let start = 0; start < lookupKeys.length; start += lookupKeysPerCall) {
    const batch = lookupKeys.slice(start, start + lookupKeysPerCall);
    batches.push(
      stripe.prices
        .list({ lookup_keys: batch, active: true, expand: ['data.product'], limit: 100 })
        .then((list) => {
          for (const price of list.data) if (price.lookup_key) found.set(`lookup:${price.lookup_key}`, price);
        }),
    );
  }
  for (const id of ids) {
    batches.push(
      stripe.prices.retrieve(id, { expand: ['product'] }).then((price) => {
        if (price.active) found.set(`id:${price.id}`, price);
      }),
    );
  }
  await Promise.all(batches);
  return found;
}

/** The price as the catalog uses it, or null unless it is a recurring price of `interval` with a unit amount. */
function resolvePrice(price: Stripe.Price | undefined, interval: BillingInterval): ResolvedPrice | null {
  if (price?.recurring?.interval !== interval || price.unit_amount === null) return null;
  return {
    id: price.id,
    productId: typeof price.product === 'string' ? price.product : price.product.id,
    interval,
    intervalCount: price.recurring.interval_count,
    currency: price.currency,
    unitAmount: price.unit_amount,
  };
}

function resolveEntry(
  kind: ResolvedEntry['kind'],
  defined: DefinedPlan | DefinedAddOn,
  prices: Map<string, Stripe.Price>,
  logger: Logger,
): { entry: ResolvedEntry; product: ProductInfo | null; publicPrices: CatalogPrice[] } {
  const entry: ResolvedEntry = { kind, key: defined.key, prices: {} };
  let product: ProductInfo | null = null;
  const publicPrices: CatalogPrice[] = [];
  for (const interval of billingIntervals) {
    const selector = defined.prices[interval];
    if (!selector) continue;
    const stripePrice = prices.get('id' in selector ? `id:${selector.id}` : `lookup:${selector.lookupKey}`);
    const resolved = resolvePrice(stripePrice, interval);
    if (!stripePrice || !resolved) {
      logger.warn(
        `Plankit: ${kind === 'plan' ? 'plan' : 'add-on'} "${defined.key}" ${interval}: no active per-unit recurring ${interval} price with ${selectorLabel(selector)} in Stripe; it is left out (run \`plankit doctor\`).`,
      );
      continue;
    }
    entry.prices[interval] = resolved;
    product ??= productOf(stripePrice);
    publicPrices.push({
      interval,
      intervalCount: resolved.intervalCount,
      currency: resolved.currency,
      unitAmount: resolved.unitAmount,
    });
  }
  return { entry, product, publicPrices };
}

interface Joined {
  addOns: { defined: DefinedAddOn; product: ProductInfo | null; prices: CatalogPrice[] }[];
  plans: { defined: DefinedPlan; product: ProductInfo | null; prices: CatalogPrice[] }[];
}

/**
 * The unit label in `locale`: the translation's, else (in the default locale only) the config's or the Stripe
 * product's. Null otherwise, so the kit's own translated "seat" is used rather than an English product label.
 */
function unitLabelIn(
  defined: DefinedPlan | DefinedAddOn,
  product: ProductInfo | null,
  locale: string,
  isDefault: boolean,
): string | null {
  const translated = defined.translations[locale]?.unitLabel;
  if (translated) return translated;
  return isDefault ? (defined.unitLabel ?? product?.unitLabel ?? null) : null;
}

/** The public `GET /plans` body in one locale: its translations first, then the default texts. */
function publicCatalogIn(joined: Joined, locale: string, config: PlanCatalogConfig): Catalog {
  const isDefault = locale === config.defaultLocale;
  const addOns = joined.addOns.map(({ defined, product, prices }) => {
    const texts = defined.translations[locale];
    return {
      key: defined.key,
      name: texts?.name ?? defined.name ?? product?.name ?? defined.key,
      description: texts?.description ?? defined.description ?? product?.description ?? null,
      unitLabel: unitLabelIn(defined, product, locale, isDefault),
      perSeat: defined.perSeat,
      prices,
    };
  });
  const addOnKeys = new Set(addOns.map((addOn) => addOn.key));
  const plans = joined.plans.map(({ defined, product, prices }) => {
    const texts = defined.translations[locale];
    return {
      key: defined.key,
      name: texts?.name ?? defined.name ?? product?.name ?? defined.key,
      description: texts?.description ?? defined.description ?? product?.description ?? null,
      image: product?.image ?? null,
      unitLabel: unitLabelIn(defined, product, locale, isDefault),
      features: [...(texts?.features ?? defined.features)],
      highlighted: defined.highlight,
      trialDays: defined.trialDays,
      seats: defined.seats ? { ...defined.seats } : null,
      prices,
      addOns: defined.addOns.filter((key) => addOnKeys.has(key)),
    };
  });
  const intervals = billingIntervals.filter((interval) =>
    plans.some((plan) => plan.prices.some((price) => price.interval === interval)),
  );
  return { locale, plans, addOns, intervals };
}

function etagOf(catalog: Catalog): string {
  return `"${createHash('sha256').update(JSON.stringify(catalog)).digest('base64url').slice(0, 27)}"`;
}

/**
 * Joins the app's plan config with Stripe's products and prices: names, descriptions, images and unit labels
 * from Stripe (the config may override them, and translate them per locale), amounts from the prices, the rest
 * from the config. Prices Stripe does not have are left out with a warning, never guessed. One public body is
 * built per locale the config translates into, each with its own ETag.
 */
export async function loadCatalog(
  stripe: Stripe,
  config: PlanCatalogConfig,
  logger: Logger,
): Promise<ResolvedCatalog> {
  const prices = await fetchPrices(stripe, config);
  const entries: ResolvedEntry[] = [];
  const joined: Joined = { addOns: [], plans: [] };
  for (const addOn of config.addOns) {
    const { entry, product, publicPrices } = resolveEntry('add_on', addOn, prices, logger);
    if (publicPrices.length === 0) continue;
    entries.push(entry);
    joined.addOns.push({ defined: addOn, product, prices: publicPrices });
  }
  for (const plan of config.plans) {
    const { entry, product, publicPrices } = resolveEntry('plan', plan, prices, logger);
    if (publicPrices.length === 0) continue;
    entries.push(entry);
    joined.plans.push({ defined: plan, product, prices: publicPrices });
  }
  const publicCatalog = publicCatalogIn(joined, config.defaultLocale, config);
  const locales: ResolvedCatalog['locales'] = {};
  for (const locale of config.locales) {
    const localized = publicCatalogIn(joined, locale, config);
    locales[locale] = { public: localized, etag: etagOf(localized) };
  }
  return { public: publicCatalog, etag: etagOf(publicCatalog), entries, locales };
}
