import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  checkpoint,
  type DemoHarness,
  detail,
  onlySubscriptionOf,
  openDemo,
  planCard,
  signIn,
} from './harness';
import { payOnCheckout } from './hosted-pages';

let harness: DemoHarness;

beforeAll(async () => {
  harness = await openDemo();
});
afterAll(async () => {
  await harness?.close();
});

test('4. plan switch: preview shows the proration -> update_confirm page -> Account shows the new plan', async () => {
  const { demo } = harness;
  const email = 'linus.switch@acme.test';
  const page = await harness.newPage();
  await signIn(page, email);
  await page.goto('/pricing');
  await planCard(page, 'Starter').getByRole('button', { name: 'Subscribe' }).click();
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await payOnCheckout(page, demo.url);
  const before = await onlySubscriptionOf(demo.stripe, email);

  await page.goto('/account');
  await detail(page, 'plan').filter({ hasText: 'Starter' }).waitFor();
  await planCard(page, 'Pro').getByRole('button', { name: 'Switch' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  // The preview: what is due today for the rest of the period (a proration), and the next invoice.
  const dueToday = dialog.locator('[data-plankit-part="due-today"]');
  await dueToday.waitFor();
  // Starter ($9) -> Pro ($29) right after subscribing: about $20 is due today for the rest of the month.
  const due = Number((await dueToday.textContent())?.replace(/[^\d.]/g, ''));
  expect(due).toBeGreaterThan(15);
  expect(due).toBeLessThanOrEqual(20);
  await expect(dialog.locator('[data-plankit-part="next-invoice"]').textContent()).resolves.toContain('$29');
  await checkpoint(page, '04-switch-preview');

  await dialog.getByRole('button', { name: 'Confirm switch' }).click();
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await checkpoint(page, '04-update-confirm-page');
  await page.locator('#proration-amount').waitFor();
  await page.getByRole('button', { name: 'Confirm' }).click();
  // PlanSwitchConfirm sets no after-completion redirect: the portal confirms, and its "Return" link comes back.
  await page.waitForLoadState();
  if (!page.url().startsWith(demo.url)) {
    await checkpoint(page, '04-portal-confirmed');
    await page.getByRole('link', { name: /Return/ }).click();
    await page.waitForURL((url) => url.href.startsWith(demo.url));
  }

  await page.goto('/account');
  await detail(page, 'plan').filter({ hasText: 'Pro' }).waitFor();
  await checkpoint(page, '04-account-new-plan');

  const after = await onlySubscriptionOf(demo.stripe, email);
  expect(after.id).toBe(before.id);
  expect(after.items.data.map((item) => item.price.lookup_key)).toEqual(['pro_monthly']);
});
