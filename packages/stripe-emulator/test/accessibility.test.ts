import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, launchBrowser, useEmulator } from './helpers.js';

/** WCAG 2.x A/AA plus axe's best practices (landmarks, one h1, heading order...). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe-core in the page (colour contrast included: this is real layout) and lists violations. */
async function violations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the pages' strict CSP (no inline script) does not block.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(`${axe.source};void 0`);
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
    TAGS,
  );
  return results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

declare global {
  interface Window {
    axe: typeof axe;
  }
}

describe('hosted pages pass axe-core in Chromium', () => {
  const ctx = useEmulator({ seed: catalog });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('Checkout: the form, a declined card (error tied to the input, focused) and the 3-D Secure page', async () => {
    const { stripe, emulator } = ctx;
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'a11y@example.com',
      line_items: [{ price: 'price_pro_month', quantity: 2 }],
      allow_promotion_codes: true,
      subscription_data: { trial_period_days: 7 },
      // The pages are English only, so they keep lang="en" whatever the locale.
      locale: 'fr',
      success_url: `${emulator.url}/?paid={CHECKOUT_SESSION_ID}`,
      cancel_url: `${emulator.url}/?canceled=1`,
    });
    await page.goto(session.url ?? '');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await violations(page)).toEqual([]);

    // Keyboard focus is visible (3px outline from :focus-visible).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { tag: el.tagName, style: style.outlineStyle, width: style.outlineWidth };
    });
    expect(outline.style).toBe('solid');
    expect(outline.width).toBe('3px');

    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Start trial' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor();
    // A trial with a declining card still fails at Checkout when the card is set up.
    const card = page.getByLabel('Card number');
    expect(await card.getAttribute('aria-invalid')).toBe('true');
    expect((await card.getAttribute('aria-describedby'))?.split(' ')).toEqual(['card-hint', 'card-error']);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card_number');
    expect(await violations(page)).toEqual([]);

    await card.fill('4000 0025 0000 3155');
    await page.getByRole('button', { name: 'Start trial' }).click();
    await page.getByRole('heading', { name: 'Authenticate your payment' }).waitFor();
    expect(await violations(page)).toEqual([]);
  });

  it('portal: homepage, every flow page, an input error and the hosted confirmation', async () => {
    const { stripe, emulator } = ctx;
    const customer = await stripe.customers.create({
      email: 'portal-a11y@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
      expand: ['latest_invoice'],
    });
    await page.goto((sub.latest_invoice as Stripe.Invoice).hosted_invoice_url ?? '');
    await page.getByText('Total: $10.00').waitFor();
    expect(await violations(page)).toEqual([]);
    const configuration = await stripe.billingPortal.configurations.create({
      business_profile: { headline: 'Plankit test billing' },
      features: {
        customer_update: { enabled: true, allowed_updates: ['email', 'name'] },
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: {
          enabled: true,
          mode: 'at_period_end',
          cancellation_reason: { enabled: true, options: ['too_expensive', 'unused', 'other'] },
        },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price', 'quantity'],
          proration_behavior: 'create_prorations',
          products: [
            { product: 'prod_basic', prices: ['price_basic_month', 'price_basic_year'] },
            { product: 'prod_pro', prices: ['price_pro_month'] },
          ],
        },
      },
    });
    const open = async (flow?: Stripe.BillingPortal.SessionCreateParams.FlowData) => {
      const session = await stripe.billingPortal.sessions.create({
        customer: customer.id,
        configuration: configuration.id,
        return_url: `${emulator.url}/?back=1`,
        ...(flow ? { flow_data: flow } : {}),
      });
      await page.goto(session.url);
      // The return_url link is on every page.
      expect(await page.locator('#return-link').getAttribute('href')).toBe(`${emulator.url}/?back=1`);
    };

    await open();
    await page.getByRole('heading', { level: 1, name: 'Plankit test billing' }).waitFor();
    expect(await violations(page)).toEqual([]);

    await open({
      type: 'subscription_cancel',
      subscription_cancel: {
        subscription: sub.id,
        retention: { type: 'coupon_offer', coupon_offer: { coupon: 'SAVE20' } },
      },
    });
    await page.getByRole('group', { name: 'Why are you canceling?' }).waitFor();
    await page.getByRole('button', { name: 'Accept offer' }).waitFor();
    expect(await violations(page)).toEqual([]);

    await open({ type: 'subscription_update', subscription_update: { subscription: sub.id } });
    await page.getByRole('group', { name: 'Choose a plan' }).waitFor();
    expect(await violations(page)).toEqual([]);

    await open({
      type: 'subscription_update_confirm',
      subscription_update_confirm: {
        subscription: sub.id,
        items: [{ id: sub.items.data[0]?.id ?? '', price: 'price_pro_month', quantity: 1 }],
        discounts: [{ coupon: 'SAVE20' }],
      },
    });
    await page.locator('#proration-amount').waitFor();
    expect(await violations(page)).toEqual([]);

    await open({
      type: 'payment_method_update',
      after_completion: {
        type: 'hosted_confirmation',
        hosted_confirmation: { custom_message: 'Card saved.' },
      },
    });
    expect(await violations(page)).toEqual([]);
    const card = page.getByLabel('Card number');
    await card.fill('1234 5678');
    await page.getByRole('button', { name: 'Add payment method' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your card number is incorrect.' }).waitFor();
    expect(await card.getAttribute('aria-describedby')).toBe('card-error');
    expect(await card.getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('card_number');
    expect(await violations(page)).toEqual([]);
    await card.fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Add payment method' }).click();
    await page.getByRole('status').filter({ hasText: 'Card saved.' }).waitFor();
    expect(await violations(page)).toEqual([]);
  });
});
