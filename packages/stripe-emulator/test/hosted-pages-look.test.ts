import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, catalog, everyPortalView, launchBrowser, useEmulator } from './helpers.js';

const wcagAA: axe.RunOnly = {
  type: 'tag',
  values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa', 'best-practice'],
};

/** Screenshots for a person to look at (desktop and a 390 px phone); not compared by the test. */
const screenshots = resolve(import.meta.dirname, '../../../.artifacts/screenshots/emulator');

const money = (locale: string, amount: number, currency = 'USD') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
const longDate = (locale: string, ts: number) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(ts * 1000),
  );

async function shoot(page: Page, name: string): Promise<void> {
  for (const [label, width] of [
    ['desktop', 1280],
    ['390', 390],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(screenshots, `${name}-${label}.png`), fullPage: true });
  }
}

type Box = { x: number; y: number; width: number; height: number };
async function box(page: Page, selector: string): Promise<Box> {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not visible`);
  return found;
}

// Chromium with axe and screenshots on a shared 2-core box: generous time per test.
describe('hosted pages a visitor can believe: language, formats, branding, layout', {
  timeout: 60_000,
}, () => {
  const ctx = useEmulator({
    seed: {
      ...catalog,
      account: {
        business_profile: { name: 'Acme Notes' },
        settings: { branding: { primary_color: '#0A7D55' } },
      },
      billing_portal_configuration: everyPortalView,
    },
  });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  const checkout = (locale?: Stripe.Checkout.SessionCreateParams.Locale, trial = false) =>
    ctx.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'look@example.com',
      line_items: [{ price: 'price_pro_month', quantity: 3 }],
      success_url: `${ctx.emulator.url}/?paid=1`,
      cancel_url: `${ctx.emulator.url}/?back=1`,
      allow_promotion_codes: true,
      ...(locale ? { locale } : {}),
      ...(trial ? { subscription_data: { trial_period_days: 14 } } : {}),
    });

  const intlFor = { en: 'en-US', de: 'de-DE', it: 'it-IT', id: 'id-ID' } as const;
  const words = {
    en: { pay: 'Subscribe', total: 'Total due today', card: 'Card number' },
    de: { pay: 'Abonnieren', total: 'Heute fällig', card: 'Kartennummer' },
    it: { pay: 'Abbonati', total: 'Totale dovuto oggi', card: 'Numero della carta' },
    id: { pay: 'Berlangganan', total: 'Total yang harus dibayar hari ini', card: 'Nomor kartu' },
  } as const;

  for (const language of ['en', 'de', 'it', 'id'] as const) {
    it(`Checkout in ${language}: lang, words, money via Intl, axe clean`, async () => {
      const session = await checkout(language);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(session.url ?? '');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      await page.getByRole('button', { name: words[language].pay, exact: true }).waitFor();
      await page.getByLabel(words[language].card, { exact: true }).waitFor();
      const total = (await page.locator('#total-due').textContent()) ?? '';
      expect(total).toBe(money(intlFor[language], 90));
      expect(await page.locator('.summary').textContent()).toContain(words[language].total);
      expect(await axeViolations(page, wcagAA)).toEqual([]);
      await shoot(page, `checkout-${language}`);
    });
  }

  it('dates follow the locale (trial note in German), and auto follows the browser language', async () => {
    const session = await checkout('de', true);
    await page.goto(session.url ?? '');
    const note = (await page.locator('#trial-note').textContent()) ?? '';
    expect(note).toContain(longDate('de-DE', ctx.emulator.now() + 14 * 86_400));
    const auto = await checkout('auto');
    const german = await browser.newPage({
      locale: 'de-DE',
      extraHTTPHeaders: { 'Accept-Language': 'de-DE,de;q=0.9' },
    });
    await german.goto(auto.url ?? '');
    expect(await german.evaluate(() => document.documentElement.lang)).toBe('de');
    await german.close();
    // A language the pages lack falls back to English, marked as such.
    const french = await checkout('fr');
    await page.goto(french.url ?? '');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });

  it('shows the business name and the brand colour from the account branding', async () => {
    const session = await checkout('en');
    await page.goto(session.url ?? '');
    await page.getByRole('link', { name: 'Return to Acme Notes' }).waitFor();
    expect(await page.title()).toContain('Acme Notes');
    const button = await page
      .getByRole('button', { name: 'Subscribe', exact: true })
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(button).toBe('rgb(10, 125, 85)');
  });

  it('lays Checkout out like Stripe: summary beside the form when wide, above it at 390 px; expiry and CVC on one row', async () => {
    const session = await checkout('en');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(session.url ?? '');
    const [summary, form] = [await box(page, '.summary'), await box(page, '.form-pane')];
    expect(summary.x + summary.width).toBeLessThanOrEqual(form.x + 1);
    expect(Math.abs(summary.y - form.y)).toBeLessThan(2);
    const [expiry, cvc] = [await box(page, '#expiry'), await box(page, '#cvc')];
    expect(Math.abs(expiry.y - cvc.y)).toBeLessThan(2);
    expect(cvc.x).toBeGreaterThan(expiry.x + expiry.width - 1);
    await page.setViewportSize({ width: 390, height: 844 });
    const [narrowSummary, narrowForm] = [await box(page, '.summary'), await box(page, '.form-pane')];
    expect(narrowForm.y).toBeGreaterThanOrEqual(narrowSummary.y + narrowSummary.height - 1);
    expect(narrowForm.width).toBeLessThanOrEqual(390);
    const [e2, c2] = [await box(page, '#expiry'), await box(page, '#cvc')];
    expect(Math.abs(e2.y - c2.y)).toBeLessThan(2);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // German's longer expiry label wraps at 390 px; the two fields still line up.
    await page.goto((await checkout('de')).url ?? '');
    const [e3, c3] = [await box(page, '#expiry'), await box(page, '#cvc')];
    expect(Math.abs(e3.y - c3.y)).toBeLessThan(2);
  });

  it('an invalid expiry or CVC is refused inline, saying what to do next, before anything is charged', async () => {
    const session = await checkout('en');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(session.url ?? '');
    await page.getByLabel(/expiry/i).fill('13 / 20');
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    const expiryError = page.locator('#expiry-error');
    await expect(expiryError.textContent()).resolves.toMatch(/Enter it as MM \/ YY/);
    expect(await page.getByLabel(/expiry/i).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel(/expiry/i).getAttribute('aria-describedby')).toBe('expiry-error');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('expiry');
    await shoot(page, 'checkout-expiry-error');
    await page.getByLabel(/expiry/i).fill('12 / 34');
    await page.getByLabel(/cvc/i).fill('1');
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect(page.locator('#cvc-error').textContent()).resolves.toMatch(/3 or 4 digits/);
    await page.getByLabel(/cvc/i).fill('123');
    await page.getByLabel(/card number/i).fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await expect(page.locator('#card-error').textContent()).resolves.toMatch(/declined\. Try another card/);
    expect(await axeViolations(page, wcagAA)).toEqual([]);
    expect((await ctx.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('the portal in Italian and Indonesian, with Intl dates, branding and the two-column layout', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({
      email: 'portal-look@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_month', quantity: 2 }],
    });
    const end = sub.items.data[0]?.current_period_end ?? 0;
    const cases = [
      {
        locale: 'it',
        heading: 'Gestisci la fatturazione',
        renews: `Si rinnova il ${longDate('it-IT', end)}`,
      },
      { locale: 'id', heading: 'Kelola tagihan Anda', renews: `Diperpanjang pada ${longDate('id-ID', end)}` },
      { locale: 'en', heading: 'Manage your billing', renews: `Renews on ${longDate('en-US', end)}` },
    ] as const;
    for (const c of cases) {
      const session = await stripe.billingPortal.sessions.create({
        customer: customer.id,
        locale: c.locale,
        return_url: `${ctx.emulator.url}/?back=1`,
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(session.url);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(c.locale);
      await page.getByRole('heading', { level: 1, name: c.heading }).waitFor();
      expect(await page.locator('main').textContent()).toContain(c.renews);
      expect(await page.locator('main').textContent()).toContain('Acme Notes');
      const [aside, content] = [await box(page, '.summary'), await box(page, '.form-pane')];
      expect(aside.x + aside.width).toBeLessThanOrEqual(content.x + 1);
      expect(await axeViolations(page, wcagAA)).toEqual([]);
      await shoot(page, `portal-home-${c.locale}`);
    }
  });

  it('the portal flow pages in German, axe clean', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({
      email: 'portal-flows@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_month', quantity: 2 }],
    });
    const de = await stripe.billingPortal.sessions.create({ customer: customer.id, locale: 'de' });
    const base = `${ctx.emulator.url}/p/session/${de.id}`;
    for (const [name, path] of [
      ['update', `/update/${sub.id}`],
      ['cancel', `/cancel/${sub.id}`],
      ['confirm', `/confirm/${sub.id}?price=price_basic_month&quantity=1`],
      ['payment-method', '/payment-method'],
    ] as const) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${base}${path}`);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      expect(await axeViolations(page, wcagAA), name).toEqual([]);
      await shoot(page, `portal-${name}-de`);
    }
  });
});
