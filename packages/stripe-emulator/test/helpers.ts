import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import { type Emulator, type EmulatorOptions, type EmulatorSeed, startEmulator } from '../src/index.js';

/** Starts one emulator for a test file and an SDK client pointed at it (no retries, so faults surface). */
export function useEmulator(options: EmulatorOptions = {}) {
  const ctx = {} as { emulator: Emulator; stripe: Stripe };
  beforeAll(async () => {
    ctx.emulator = await startEmulator(options);
    ctx.stripe = new Stripe(ctx.emulator.secretKey, { ...ctx.emulator.stripeConfig, maxNetworkRetries: 0 });
  });
  afterAll(async () => {
    await ctx.emulator?.close();
  });
  return ctx;
}

export const catalog = {
  products: [
    {
      id: 'prod_basic',
      name: 'Basic',
      prices: [
        {
          id: 'price_basic_month',
          lookup_key: 'basic_month',
          currency: 'usd',
          unit_amount: 1000,
          recurring: { interval: 'month' as const },
        },
        {
          id: 'price_basic_year',
          lookup_key: 'basic_year',
          currency: 'usd',
          unit_amount: 10000,
          recurring: { interval: 'year' as const },
        },
      ],
    },
    {
      id: 'prod_pro',
      name: 'Pro',
      unit_label: 'seat',
      prices: [
        {
          id: 'price_pro_month',
          lookup_key: 'pro_month',
          currency: 'usd',
          unit_amount: 3000,
          recurring: { interval: 'month' as const },
        },
        {
          id: 'price_pro_eur',
          currency: 'eur',
          unit_amount: 2800,
          recurring: { interval: 'month' as const },
        },
      ],
    },
  ],
  coupons: [{ id: 'SAVE20', percent_off: 20, duration: 'forever' as const }],
  promotion_codes: [{ code: 'WELCOME', coupon: 'SAVE20' }],
};

/** A portal configuration with every view on (history, payment method, cancel with reasons, plan and seat update). */
export const everyPortalView = {
  features: {
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: {
      enabled: true,
      cancellation_reason: { enabled: true, options: ['too_expensive', 'unused', 'other'] },
    },
    subscription_update: {
      enabled: true,
      default_allowed_updates: ['price', 'quantity'],
      products: [
        { product: 'prod_basic', prices: ['price_basic_month', 'price_basic_year'] },
        {
          product: 'prod_pro',
          prices: ['price_pro_month'],
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 10 },
        },
      ],
    },
  },
} satisfies NonNullable<EmulatorSeed['billing_portal_configuration']>;

/** axe's violations on the page (injected once), one line per node, for the rules or tags in `runOnly`. */
export async function axeViolations(page: Page, runOnly: axe.RunOptions['runOnly']): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axe.source};void 0`);
  const results = await page.evaluate(
    (only) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: only }),
    runOnly,
  );
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/**
 * The system Chromium (CHROME_PATH, else Debian's) headless, with no background network. The emulator stands alone,
 * so its tests keep this small launcher instead of depending on the workspace's test-utils.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
