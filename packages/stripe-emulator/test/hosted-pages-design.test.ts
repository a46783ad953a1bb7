import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, catalog, everyPortalView, launchBrowser, useEmulator } from './helpers.js';

/** Screenshots for a designer to look at (every view, 1280 and 390 px, light and dark); not compared by the test. */
const screenshots = resolve(import.meta.dirname, '../../../.artifacts/hosted-pages');

/**
 * What a page must hold at any width: no horizontal scrolling, and every control at least 24 × 24 px (WCAG 2.2
 * target size; links inside a sentence are exempt, as the criterion allows). Answers the offenders.
 */
async function layoutProblems(page: Page, width: number): Promise<string[]> {
  return page.evaluate((viewport) => {
    const problems: string[] = [];
    const scroll = document.documentElement.scrollWidth;
    if (scroll > viewport) problems.push(`scrollWidth ${scroll} > ${viewport}`);
    for (const el of document.querySelectorAll<HTMLElement>('a, button, input, select, textarea')) {
      if (el.matches('input[type=radio], input[type=checkbox]')) continue; // their label is the target
      const inSentence = el.tagName === 'A' && el.closest('p, li, td') !== null && !el.matches('.button');
      if (inSentence) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 24 || r.height < 24) problems.push(`${el.tagName}#${el.id} ${r.width}x${r.height}`);
    }
    for (const label of document.querySelectorAll<HTMLElement>('label:has(> input[type=radio])')) {
      const r = label.getBoundingClientRect();
      if (r.height < 24) problems.push(`label ${label.textContent?.trim()} ${r.height}px high`);
    }
    return problems;
  }, width);
}

describe('hosted pages on the kit design language: every view at 1280 and 390 px, light and dark', {
  timeout: 60_000,
}, () => {
  const ctx = useEmulator({
    seed: {
      ...catalog,
      account: { business_profile: { name: 'Acme Notes' } },
      billing_portal_configuration: everyPortalView,
    },
  });
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('has no horizontal overflow and no control under 24 px, and writes the screenshots', async () => {
    const { stripe, emulator } = ctx;
    const checkout = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'design@example.com',
      line_items: [{ price: 'price_pro_month', quantity: 3 }],
      success_url: `${emulator.url}/?paid=1`,
      cancel_url: `${emulator.url}/?back=1`,
      allow_promotion_codes: true,
    });
    const customer = await stripe.customers.create({
      email: 'design-portal@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_month', quantity: 2 }],
    });
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: `${emulator.url}/?back=1`,
    });
    const retention = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: `${emulator.url}/?back=1`,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: sub.id,
          retention: { type: 'coupon_offer', coupon_offer: { coupon: 'SAVE20' } },
        },
      },
    });
    const base = `${emulator.url}/p/session/${portal.id}`;
    const views = [
      ['checkout', checkout.url ?? ''],
      ['portal-home', base],
      ['portal-update', `${base}/update/${sub.id}`],
      ['portal-confirm', `${base}/confirm/${sub.id}?price=price_basic_year&quantity=1`],
      ['portal-cancel-offer', retention.url],
      ['portal-payment-method', `${base}/payment-method`],
    ] as const;
    const started = Date.now();
    const page = await browser.newPage();
    const problems: string[] = [];
    // One load per view; the colour scheme and the width change in place.
    for (const [name, url] of views) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(url);
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const width of [1280, 390]) {
          await page.setViewportSize({ width, height: width > 400 ? 900 : 844 });
          for (const p of await layoutProblems(page, width))
            problems.push(`${name} ${scheme} ${width}: ${p}`);
          if (scheme === 'dark' && width === 1280) {
            for (const p of await axeViolations(page, ['color-contrast']))
              problems.push(`${name} dark: ${p}`);
          }
          const path = join(screenshots, `${name}-${scheme}-${width}.png`);
          await page.screenshot({ path, fullPage: true });
        }
      }
    }
    await page.close();
    expect(problems).toEqual([]);
    // 24 screenshots: bounded so the check stays cheap on a shared machine.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('the check itself notices overflow and a small target', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.setContent('<p>fits</p>');
    expect(await layoutProblems(page, 390)).toEqual([]);
    await page.setContent(
      '<body style="margin:0"><div style="width:500px">wide</div><button id="tiny" style="width:20px;height:20px;padding:0">x</button>',
    );
    expect(await layoutProblems(page, 390)).toEqual(['scrollWidth 500 > 390', 'BUTTON#tiny 20x20']);
    await page.close();
  });
});
