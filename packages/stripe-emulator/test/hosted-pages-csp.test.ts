import type { Browser, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, launchBrowser, useEmulator } from './helpers.js';

const POLICY = "default-src 'self'; style-src 'self'; script-src 'self'";

declare global {
  interface Window {
    cspViolations: string[];
  }
}

/**
 * Loads a page and returns what its Content Security Policy blocked. The listener is installed through the DevTools
 * protocol before any page script, so the policy under test cannot block it.
 */
async function visit(
  page: Page,
  url: string,
): Promise<{ status: number; csp: string | null; violations: string[] }> {
  const response = await page.goto(url);
  await page.waitForLoadState('load');
  const violations = await page.evaluate(() => window.cspViolations);
  return {
    status: response?.status() ?? 0,
    csp: response?.headers()['content-security-policy'] ?? null,
    violations,
  };
}

describe('hosted pages under a strict Content Security Policy', () => {
  const ctx = useEmulator({
    seed: {
      ...catalog,
      billing_portal_configuration: {
        features: {
          invoice_history: { enabled: true },
          payment_method_update: { enabled: true },
          subscription_cancel: {
            enabled: true,
            cancellation_reason: { enabled: true, options: ['too_expensive', 'other'] },
          },
          subscription_update: {
            enabled: true,
            default_allowed_updates: ['price'],
            products: [
              { product: 'prod_basic', prices: ['price_basic_month'] },
              { product: 'prod_pro', prices: ['price_pro_month'] },
            ],
          },
        },
      },
    },
  });
  let browser: Browser;
  let page: Page;
  const blocked: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function expectClean(url: string, status = 200) {
    blocked.length = 0;
    const result = await visit(page, url);
    expect(result.status, url).toBe(status);
    expect(result.csp, url).toBe(POLICY);
    expect(result.violations, url).toEqual([]);
    expect(blocked, url).toEqual([]);
    // The stylesheet from the route applied (the banner's yellow) and the favicon is a file on the same origin.
    const look = await page.evaluate(() => ({
      banner: getComputedStyle(document.querySelector('.banner') as Element).backgroundColor,
      icon: document.querySelector('link[rel="icon"]')?.getAttribute('href'),
      inlineStyles: document.querySelectorAll('style, [style]').length,
      scripts: document.querySelectorAll('script').length,
    }));
    expect(look, url).toEqual({
      banner: 'rgb(255, 216, 77)',
      icon: '/favicon.svg',
      inlineStyles: 0,
      scripts: 0,
    });
  }

  it('notices a violation (the check itself works)', async () => {
    await page.route(`${ctx.emulator.url}/csp-control`, (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/html', 'content-security-policy': POLICY },
        body: '<!doctype html><html lang="en"><head><title>x</title><style>body{color:red}</style></head><body></body></html>',
      }),
    );
    const result = await visit(page, `${ctx.emulator.url}/csp-control`);
    expect(result.violations.join(' ')).toMatch(/style-src/);
  });

  it('serves the stylesheet and the favicon as files', async () => {
    const css = await fetch(`${ctx.emulator.url}/assets/pages.css?accent=0a7d55`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('--accent:#0a7d55');
    // A value that is not a colour falls back to the default accent instead of reaching the CSS.
    expect(await (await fetch(`${ctx.emulator.url}/assets/pages.css?accent=red;}body{x`)).text()).toContain(
      '--accent:#533afd',
    );
    const icon = await fetch(`${ctx.emulator.url}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it('Checkout, its error, 3-D Secure and done pages load without a violation', async () => {
    const { stripe, emulator } = ctx;
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'csp@example.com',
      line_items: [{ price: 'price_pro_month' }],
      success_url: `${emulator.url}/?paid=1`,
      cancel_url: `${emulator.url}/?back=1`,
      allow_promotion_codes: true,
    });
    await expectClean(session.url ?? '');
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
    await page.getByLabel('Card number').fill('4000 0025 0000 3155');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('heading', { name: 'Authenticate your payment' }).waitFor();
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
    await expectClean(`${emulator.url}/c/done/${session.id}`);
    await expectClean(`${emulator.url}/c/pay/cs_missing`, 404);
  });

  it('portal homepage, flow pages, hosted confirmation and invoice load without a violation', async () => {
    const { stripe, emulator } = ctx;
    const customer = await stripe.customers.create({
      email: 'csp-portal@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub: Stripe.Subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    const home = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: emulator.url,
    });
    const base = `${emulator.url}/p/session/${home.id}`;
    await expectClean(home.url);
    await expectClean(`${base}/cancel/${sub.id}`);
    await expectClean(`${base}/update/${sub.id}`);
    await expectClean(`${base}/confirm/${sub.id}?price=price_pro_month`);
    await expectClean(`${base}/payment-method`);
    const confirmation = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: {
        type: 'payment_method_update',
        after_completion: {
          type: 'hosted_confirmation',
          hosted_confirmation: { custom_message: 'Card saved.' },
        },
      },
    });
    await expectClean(confirmation.url);
    await page.getByRole('button', { name: 'Add payment method' }).click();
    await page.getByRole('status').filter({ hasText: 'Card saved.' }).waitFor();
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
    const invoice = (await stripe.invoices.list({ customer: customer.id })).data[0];
    await expectClean(invoice?.hosted_invoice_url ?? '');
  });
});
