import { seedCatalog } from '@plankit/test-utils';
import Stripe from 'stripe';

// The demo's catalog for a Stripe test account: the same one the emulator starts with. Idempotent: products
// by fixed id, prices by lookup key, coupons by fixed id, promotion codes by code; a second run changes nothing.

type Recurring = { interval: 'day' | 'week' | 'month' | 'year' };
type SeedPrice = { lookup_key: string; currency: string; unit_amount: number; recurring: Recurring };
type SeedProduct = {
  id: string;
  name: string;
  description?: string;
  unit_label?: string;
  prices: readonly SeedPrice[];
};
type SeedCoupon = {
  id: string;
  name: string;
  percent_off: number;
  duration: 'once' | 'repeating' | 'forever';
  duration_in_months?: number;
};
type SeedPromotionCode = { code: string; coupon: string };

type Log = (line: string) => void;

const catalog = seedCatalog as unknown as {
  products: readonly SeedProduct[];
  coupons: readonly SeedCoupon[];
  promotion_codes: readonly SeedPromotionCode[];
};

async function ensureProduct(stripe: Stripe, product: SeedProduct, log: Log): Promise<void> {
  try {
    await stripe.products.retrieve(product.id);
    log(`  product ${product.id}: exists`);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.code !== 'resource_missing')
      throw error;
    await stripe.products.create({
      id: product.id,
      name: product.name,
      ...(product.description ? { description: product.description } : {}),
      ...(product.unit_label ? { unit_label: product.unit_label } : {}),
    });
    log(`  product ${product.id}: created`);
  }
  for (const price of product.prices) {
    const existing = await stripe.prices.list({ lookup_keys: [price.lookup_key], limit: 1 });
    if (existing.data[0]) {
      log(`  price ${price.lookup_key}: exists (${existing.data[0].id})`);
      continue;
    }
    const created = await stripe.prices.create({
      product: product.id,
      lookup_key: price.lookup_key,
      currency: price.currency,
      unit_amount: price.unit_amount,
      recurring: { interval: price.recurring.interval },
    });
    log(`  price ${price.lookup_key}: created (${created.id})`);
  }
}

async function ensureCoupon(stripe: Stripe, coupon: SeedCoupon, log: Log): Promise<void> {
  try {
    await stripe.coupons.retrieve(coupon.id);
    log(`  coupon ${coupon.id}: exists`);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError) || error.code !== 'resource_missing')
      throw error;
    await stripe.coupons.create({
      id: coupon.id,
      name: coupon.name,
      percent_off: coupon.percent_off,
      duration: coupon.duration,
      ...(coupon.duration_in_months ? { duration_in_months: coupon.duration_in_months } : {}),
    });
    log(`  coupon ${coupon.id}: created`);
  }
}

async function ensurePromotionCode(stripe: Stripe, promotion: SeedPromotionCode, log: Log): Promise<void> {
  const existing = await stripe.promotionCodes.list({ code: promotion.code, limit: 1 });
  if (existing.data[0]) {
    log(`  promotion code ${promotion.code}: exists`);
    return;
  }
  await stripe.promotionCodes.create({
    code: promotion.code,
    promotion: { type: 'coupon', coupon: promotion.coupon },
  });
  log(`  promotion code ${promotion.code}: created`);
}

/** Creates whatever of the demo catalog the account lacks; logs one line per object. */
export async function seedStripeCatalog(stripe: Stripe, log: Log = console.log): Promise<void> {
  for (const product of catalog.products) await ensureProduct(stripe, product, log);
  for (const coupon of catalog.coupons) await ensureCoupon(stripe, coupon, log);
  for (const promotion of catalog.promotion_codes) await ensurePromotionCode(stripe, promotion, log);
}
