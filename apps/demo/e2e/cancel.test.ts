import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { checkpoint, demoForEachFile, detail, onlySubscriptionOf, planCard, signIn } from './harness';
import { payOnCheckout } from './hosted-pages';

const harness = demoForEachFile();

async function subscribedPage(email: string, plan: string): Promise<Page> {
  const { demo } = harness();
  const page = await harness().newPage();
  await signIn(page, email);
  await page.goto('/pricing');
  await planCard(page, plan).getByRole('button', { name: 'Subscribe' }).click();
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await payOnCheckout(page, demo.url);
  await page.goto('/account');
  await detail(page, 'status').locator('.status-active').waitFor();
  return page;
}

async function chooseReason(page: Page, reason: string, comment?: string) {
  // The cancel flow opens on demand.
  const open = page.getByRole('button', { name: 'Cancel subscription…' });
  if (await open.isVisible()) await open.click();
  const cancel = page.getByRole('region', { name: 'Cancel subscription' });
  await cancel.getByRole('radio', { name: reason }).check();
  if (comment) await cancel.getByLabel(/anything else/i).fill(comment);
  await cancel.getByRole('button', { name: 'Continue' }).click();
}

test('5. cancel with reason and comment, decline the offer: cancellation_details on Stripe and in the events panel; Resume undoes it', async () => {
  const { demo } = harness();
  const email = 'margaret.cancel@acme.test';
  const comment = 'Too pricey for a team of one';
  const page = await subscribedPage(email, 'Starter');

  await chooseReason(page, 'It’s too expensive', comment);
  const offer = page.getByRole('region', { name: 'Before you go' });
  await offer.getByText(/25%/).waitFor();
  await checkpoint(page, '05-retention-offer');
  await offer.getByRole('button', { name: 'No thanks, cancel' }).click();
  const confirm = page.getByRole('region', { name: 'Confirm cancellation' });
  await confirm.waitFor();
  await checkpoint(page, '05-confirm-cancel');
  await confirm.getByRole('button', { name: 'Cancel subscription' }).click();
  await page.getByRole('heading', { name: /^Cancels on / }).waitFor();

  const canceling = await onlySubscriptionOf(demo.stripe, email);
  expect(canceling.cancel_at_period_end || canceling.cancel_at !== null).toBe(true);
  expect(canceling.status).toBe('active');
  expect(canceling.cancellation_details?.feedback).toBe('too_expensive');
  expect(canceling.cancellation_details?.comment).toBe(comment);
  expect(canceling.discounts ?? []).toHaveLength(0);

  // The webhook carrying the reason reaches the app, and the panel shows it.
  const row = page
    .locator('li[data-event-type="customer.subscription.updated"]')
    .filter({ hasText: 'reason: too_expensive' });
  await row.first().waitFor();
  await expect(row.first().textContent()).resolves.toContain(comment);
  await checkpoint(page, '05-cancel-scheduled-events');

  await page.getByRole('button', { name: 'Resume subscription' }).click();
  await page.getByRole('region', { name: 'Cancel subscription' }).getByRole('radio').first().waitFor();
  const resumed = await onlySubscriptionOf(demo.stripe, email);
  expect(resumed.id).toBe(canceling.id);
  expect(resumed.cancel_at_period_end).toBe(false);
  expect(resumed.cancel_at).toBeNull();
  await checkpoint(page, '05-resumed');
});

test('6. retention offer accepted: the discount shows and the subscription stays', async () => {
  const { demo } = harness();
  const email = 'katherine.stays@acme.test';
  const page = await subscribedPage(email, 'Team');

  await chooseReason(page, 'I need more features');
  const offer = page.getByRole('region', { name: 'Before you go' });
  await offer.getByRole('button', { name: 'Accept offer' }).click();
  await offer.getByText('The discount is applied. Thank you for staying!').waitFor();
  await detail(page, 'discount').filter({ hasText: '25%' }).waitFor();
  await checkpoint(page, '06-offer-accepted');

  const subscription = await onlySubscriptionOf(demo.stripe, email);
  expect(subscription.status).toBe('active');
  expect(subscription.cancel_at_period_end).toBe(false);
  expect(subscription.cancel_at).toBeNull();
  const expanded = await demo.stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
  const coupons = expanded.discounts.map((discount) => {
    const coupon = typeof discount === 'string' ? null : discount.source.coupon;
    return typeof coupon === 'string' ? coupon : (coupon?.id ?? null);
  });
  expect(coupons).toEqual(['retention_25']);
});
