import { expect, test } from 'vitest';
import { checkpoint, demoForEachFile, detail, onlySubscriptionOf, planCard, signIn } from './harness';
import { payOnCheckout } from './hosted-pages';

const harness = demoForEachFile();

test('4. plan switch: preview shows the proration -> update_confirm page -> Account shows the new plan', async () => {
  const { demo } = harness();
  const email = 'linus.switch@acme.test';
  const page = await harness().newPage();
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
  // The preview follows the server's proration behaviour, which the demo's doctor also sets on the portal
  // (create_prorations, Stripe's default): nothing is due today, the prorated difference joins the next invoice.
  const dueToday = dialog.locator('[data-plankit-part="due-today"]');
  await dueToday.waitFor();
  const amountIn = async (selector: string) =>
    Number((await dialog.locator(selector).textContent())?.match(/\$([\d,.]+)/)?.[1]?.replace(/,/g, ''));
  expect(await amountIn('[data-plankit-part="due-today"]')).toBe(0);
  // Starter ($9) -> Pro ($29) right after subscribing: Pro's $29 plus about $20 for the rest of this month.
  const nextInvoice = await amountIn('[data-plankit-part="next-invoice"]');
  expect(nextInvoice).toBeGreaterThan(29 + 15);
  expect(nextInvoice).toBeLessThanOrEqual(29 + 20);
  await checkpoint(page, '04-switch-preview');

  await dialog.getByRole('button', { name: 'Confirm switch' }).click();
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await checkpoint(page, '04-update-confirm-page');
  // Stripe's confirm page shows the same proration the dialog promised (to the cent, give or take the seconds between).
  const proration = Number((await page.locator('#proration-amount').textContent())?.replace(/[^\d.]/g, ''));
  expect(Math.abs(proration - (nextInvoice - 29))).toBeLessThanOrEqual(0.02);
  await page.getByRole('button', { name: 'Confirm' }).click();
  // PlanSwitchConfirm's after-completion redirect brings the customer straight back to the page they confirmed on.
  await page.waitForURL((url) => url.href.startsWith(demo.url));

  await page.goto('/account');
  await detail(page, 'plan').filter({ hasText: 'Pro' }).waitFor();
  await checkpoint(page, '04-account-new-plan');

  const after = await onlySubscriptionOf(demo.stripe, email);
  expect(after.id).toBe(before.id);
  expect(after.items.data.map((item) => item.price.lookup_key)).toEqual(['pro_monthly']);
});
