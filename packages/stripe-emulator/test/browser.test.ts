import type { Browser } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, launchBrowser, useEmulator } from './helpers.js';

describe('hosted pages in Chromium', () => {
  const ctx = useEmulator({
    seed: {
      ...catalog,
      billing_portal_configuration: {
        features: {
          subscription_cancel: {
            enabled: true,
            mode: 'immediately',
            cancellation_reason: { enabled: true, options: ['too_expensive', 'unused', 'other'] },
          },
        },
      },
    },
  });
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('pays on the Checkout page with the keyboard-usable form and lands on success_url', async () => {
    const { stripe, emulator } = ctx;
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'chromium@example.com',
      line_items: [{ price: 'price_basic_month' }],
      success_url: `${emulator.url}/?paid={CHECKOUT_SESSION_ID}`,
      cancel_url: `${emulator.url}/?canceled=1`,
    });
    const page = await browser.newPage();
    await page.goto(session.url ?? '');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.getByLabel('Card number').inputValue()).resolves.toBe('4242 4242 4242 4242');
    await page.getByLabel('Card number').fill('4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Subscribe' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your card was declined.' }).waitFor();
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByLabel('Card number').press('Enter');
    await page.waitForURL(`${emulator.url}/?paid=${session.id}`);
    const done = await stripe.checkout.sessions.retrieve(session.id);
    expect(done.status).toBe('complete');
    await page.close();
  });

  it('cancels from the subscription_cancel deep link with a reason', async () => {
    const { stripe, emulator } = ctx;
    const customer = await stripe.customers.create({
      email: 'portal@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: `${emulator.url}/?back=1`,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: sub.id },
        after_completion: {
          type: 'hosted_confirmation',
          hosted_confirmation: { custom_message: 'Sorry to see you go' },
        },
      },
    });
    const page = await browser.newPage();
    await page.goto(portal.url);
    await page.getByLabel("I don't use the service enough").check();
    await page.getByRole('button', { name: 'Cancel subscription' }).click();
    await page.getByText('Sorry to see you go').waitFor();
    const after: Stripe.Subscription = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('canceled');
    expect(after.cancellation_details?.feedback).toBe('unused');
    await page.close();
  });
});
