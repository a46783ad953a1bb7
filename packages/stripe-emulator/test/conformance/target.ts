import Stripe from 'stripe';
import { afterAll, beforeAll, it } from 'vitest';
import { type Emulator, type EmulatorSeed, startEmulator } from '../../src/index.js';

/**
 * Where the conformance suite runs: the emulator (default), or Stripe's test mode when `pnpm test:stripe-live` sets
 * PLANKIT_STRIPE_LIVE=1 with STRIPE_SECRET_KEY=sk_test_... The same tests run on both, so a difference between
 * them is a difference between the emulator and Stripe.
 */
export const liveKey =
  process.env.PLANKIT_STRIPE_LIVE === '1' && process.env.STRIPE_SECRET_KEY?.startsWith('sk_test_')
    ? process.env.STRIPE_SECRET_KEY
    : undefined;
if (process.env.PLANKIT_STRIPE_LIVE === '1' && !liveKey) {
  throw new Error('pnpm test:stripe-live needs STRIPE_SECRET_KEY=sk_test_... (test mode only).');
}
export const isLive = liveKey !== undefined;

/** A test that needs the emulator's control API (faults, clock, state, hosted pages): emulator mode only. */
export function emulatorOnly(name: string, fn: () => Promise<void> | void): void {
  (isLive ? it.skip : it)(name, fn);
}

export interface Target {
  stripe: Stripe;
  /** The emulator; only in emulator mode (tests using it are {@link emulatorOnly}). */
  emulator: Emulator;
  /** The real id of a seeded price: the seed's id on the emulator, the created price's id on Stripe. */
  price(seedId: string): string;
  /** Recent events, newest first, through the API (works on both). */
  events(): Promise<Stripe.Event[]>;
}

/** Creates the seed's products and prices in a Stripe test account (Stripe allows no custom price ids). */
async function seedStripe(stripe: Stripe, seed: EmulatorSeed, prices: Map<string, string>): Promise<void> {
  const run = Date.now().toString(36);
  for (const product of seed.products ?? []) {
    const created = await stripe.products.create({ name: `${product.name} (conformance ${run})` });
    for (const price of product.prices ?? []) {
      const made = await stripe.prices.create({
        product: created.id,
        currency: price.currency,
        unit_amount: price.unit_amount,
        ...(price.recurring ? { recurring: price.recurring } : {}),
      });
      if (price.id) prices.set(price.id, made.id);
    }
  }
  for (const coupon of seed.coupons ?? []) {
    const { id, ...rest } = coupon;
    await stripe.coupons.create({ ...rest, ...(id ? { id: `${id}_${run}` } : {}) });
  }
}

/** One target per test file: an emulator with the seed, or Stripe test mode with the seed created in it. */
export function useTarget(seed: EmulatorSeed = {}): Target {
  const prices = new Map<string, string>();
  const target = {
    price: (seedId: string) => prices.get(seedId) ?? seedId,
    async events() {
      return (await target.stripe.events.list({ limit: 100 })).data;
    },
  } as Target;
  beforeAll(async () => {
    if (liveKey) {
      target.stripe = new Stripe(liveKey, { maxNetworkRetries: 0 });
      await seedStripe(target.stripe, seed, prices);
      return;
    }
    target.emulator = await startEmulator({ seed });
    target.stripe = new Stripe(target.emulator.secretKey, {
      ...target.emulator.stripeConfig,
      maxNetworkRetries: 0,
    });
  }, 60_000);
  afterAll(async () => {
    await target.emulator?.close();
  });
  return target;
}
