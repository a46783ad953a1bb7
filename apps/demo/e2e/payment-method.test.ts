import type { Page } from 'playwright-core';
import type Stripe from 'stripe';
import { expect, test } from 'vitest';
import { checkpoint, demoForEachFile, detail, onlySubscriptionOf, planCard, signIn } from './harness';
import { cards, fillCard, payOnCheckout } from './hosted-pages';

const harness = demoForEachFile();

async function subscribedPage(email: string): Promise<Page> {
  const { demo } = harness();
  const page = await harness().newPage();
  await signIn(page, email);
  await page.goto('/pricing');
  await planCard(page, 'Starter').getByRole('button', { name: 'Subscribe' }).click();
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await payOnCheckout(page, demo.url);
  await page.goto('/account');
  await detail(page, 'status').locator('.status-active').waitFor();
  return page;
}

/** The card Stripe charges for this subscription: its own default, else the customer's invoice default. */
async function chargedCard(stripe: Stripe, subscription: Stripe.Subscription) {
  const customer = (await stripe.customers.retrieve(subscription.customer as string)) as Stripe.Customer;
  const id = subscription.default_payment_method ?? customer.invoice_settings.default_payment_method;
  expect(id).toBeTruthy();
  return stripe.paymentMethods.retrieve(typeof id === 'string' ? id : id!.id);
}

/** On the portal's payment method page: enter a card, save, and come back to the demo. */
async function replaceCardOnPortal(page: Page, card: string, name: string) {
  const { demo } = harness();
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await checkpoint(page, name);
  await fillCard(page, card);
  await page.getByRole('button', { name: /save|update|add/i }).click();
  await page.waitForURL((url) => url.href.startsWith(demo.url));
}

test('7. payment method update through the deep link: the new card is the default', async () => {
  const { demo } = harness();
  const email = 'alan.card@acme.test';
  const page = await subscribedPage(email);
  await expect(detail(page, 'payment-method').textContent()).resolves.toContain('4242');

  await page.getByRole('button', { name: 'Update payment method' }).click();
  await replaceCardOnPortal(page, cards.mastercard, '07-portal-payment-method');

  expect(new URL(page.url()).pathname).toBe('/account');
  await detail(page, 'payment-method').filter({ hasText: 'Mastercard ending in 4444' }).waitFor();
  await checkpoint(page, '07-account-new-card');

  const subscription = await onlySubscriptionOf(demo.stripe, email);
  const card = await chargedCard(demo.stripe, subscription);
  expect(card.card?.last4).toBe('4444');
  expect(card.card?.brand).toBe('mastercard');
});

test('8. the clock moves to a failed renewal -> PastDueBanner -> card fixed -> active again', async () => {
  const { demo } = harness();
  const email = 'barbara.renewal@acme.test';
  const page = await subscribedPage(email);

  const controls = page.getByRole('region', { name: 'Demo controls' });
  await controls.getByRole('button', { name: 'Make the next renewal fail' }).click();
  await controls.getByText(/next renewal will be declined/).waitFor();
  await controls.getByRole('button', { name: 'Advance 1 month' }).click();
  await controls.getByText(/The clock moved to/).waitFor();

  const banner = page.locator('[data-plankit-part="past-due-banner"]');
  await banner.getByText(/last payment failed/).waitFor();
  await detail(page, 'status').locator('.status-past_due').waitFor();
  const pastDue = await onlySubscriptionOf(demo.stripe, email);
  expect(pastDue.status).toBe('past_due');
  await page.locator('li[data-event-type="invoice.payment_failed"]').first().waitFor();
  await checkpoint(page, '08-past-due-banner');

  await banner.getByRole('button', { name: 'Update payment method' }).click();
  await replaceCardOnPortal(page, cards.succeeds, '08-portal-fix-card');

  await detail(page, 'status').locator('.status-active').waitFor();
  await expect(banner.count()).resolves.toBe(0);
  await checkpoint(page, '08-active-again');

  const fixed = await onlySubscriptionOf(demo.stripe, email);
  expect(fixed.id).toBe(pastDue.id);
  expect(fixed.status).toBe('active');
  const invoices = await demo.stripe.invoices.list({ subscription: fixed.id, limit: 10 });
  expect(invoices.data.filter((invoice) => invoice.status === 'open')).toHaveLength(0);
  expect((await chargedCard(demo.stripe, fixed)).card?.last4).toBe('4242');
});
