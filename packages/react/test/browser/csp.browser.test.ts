// @vitest-environment node
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useKitPage } from './kit-page';
import { strictCsp } from './page-server';

// Every page of these tests is served under `strictCsp` (no inline style or script, no eval, Trusted Types) and
// every test fails on any securitypolicyviolation (kit-page.ts). This file walks every component through its
// states so that each one is rendered under the policy at least once.
describe(`the kit under "${strictCsp}"`, () => {
  const kit = useKitPage();

  const roots = (page: Page) =>
    page.evaluate(() =>
      [...document.querySelectorAll('.plankit[data-plankit-part]')].map((root) =>
        root.getAttribute('data-plankit-part'),
      ),
    );

  it('the policy is enforced and reported: an inline style attribute and an innerHTML string are refused', async () => {
    const page = await kit.open('account');
    const outcome = await page.evaluate(() => {
      document.body.setAttribute('style', 'outline: 1px solid red');
      let threw = false;
      try {
        document.body.insertAdjacentHTML('beforeend', '<b>untrusted</b>');
      } catch {
        threw = true;
      }
      return { threw, outline: getComputedStyle(document.body).outlineStyle };
    });
    expect(outcome).toEqual({ threw: true, outline: 'none' });
    await expect
      .poll(() => page.evaluate(() => window.cspViolations.map((line) => line.split(' ')[0])))
      .toEqual(['style-src-attr', 'require-trusted-types-for']);
    // Seen: clear this test's own violations, so the after-each check judges only the kit elsewhere.
    await page.evaluate(() => {
      window.cspViolations = [];
    });
  });

  it('PricingTable: loading, plans, seats, add-ons, interval, promotion code, Checkout', async () => {
    const page = await kit.open('pricing-held');
    await page.locator('[data-plankit-part="skeleton"]').waitFor();
    await page.evaluate(() => window.plankitTest.release('plans'));
    await page.getByRole('button', { name: 'Add one' }).first().click();
    const table = await kit.open('pricing');
    await table.getByRole('button', { name: /Yearly/ }).click();
    await table.getByRole('checkbox').first().check();
    await table.getByRole('textbox', { name: 'Promotion code' }).fill('EXPIRED');
    await table.getByRole('button', { name: 'Subscribe Pro' }).click();
    await table.getByText('That promotion code is not valid.').waitFor();
    expect(await roots(table)).toEqual(['pricing-table']);
  });

  it('PlanSwitchConfirm over the table, with a promotion code and the in-app change', async () => {
    const page = await kit.open('switch');
    await page.getByRole('button', { name: 'Switch Pro' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Switch plan' });
    await dialog.getByRole('textbox', { name: 'Promotion code' }).fill('WELCOME');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.getByText('$5', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Confirm switch' }).click();
    await page.evaluate(() => window.plankitTest.release('changePlan'));
    await dialog.waitFor({ state: 'detached' });
    expect(await roots(page)).toEqual(['pricing-table']);
  });

  it('CancelWithReason: reasons, Other, the offer, accepting it; a scheduled cancellation and Resume', async () => {
    const page = await kit.open('cancel');
    await page.getByRole('radio', { name: 'Other reason' }).check();
    await page.getByRole('textbox', { name: 'Tell us more' }).fill('Moving');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.evaluate(() => window.plankitTest.release('cancel'));
    await page.getByRole('button', { name: 'Accept offer' }).click();
    await page.evaluate(() => window.plankitTest.release('retentionAccept'));
    await page.getByText('The discount is applied. Thank you for staying!').waitFor();
    expect(await roots(page)).toEqual(['cancel-with-reason']);
    const scheduled = await kit.open('scheduled');
    await scheduled.getByRole('button', { name: 'Resume subscription' }).click();
    await scheduled.evaluate(() => window.plankitTest.release('resume'));
    await scheduled.getByRole('radio').first().waitFor();
  });

  it('PastDueBanner, ManageSubscriptionButton, UpdatePaymentMethodButton; everything at once in German', async () => {
    const page = await kit.open('account');
    await page.evaluate(() => window.plankitTest.setStatus('past_due'));
    await page.getByRole('region', { name: 'Payment issue' }).waitFor();
    await page.getByRole('button', { name: 'Manage' }).click();
    expect(await roots(page)).toEqual([
      'past-due-banner',
      'manage-subscription',
      'manage-subscription',
      'manage-subscription',
    ]);
    const german = await kit.open('german');
    await german.getByRole('alertdialog').waitFor();
    expect(new Set(await roots(german))).toEqual(
      new Set([
        'past-due-banner',
        'manage-subscription',
        'pricing-table',
        'cancel-with-reason',
        'plan-switch-confirm',
      ]),
    );
  });
});
