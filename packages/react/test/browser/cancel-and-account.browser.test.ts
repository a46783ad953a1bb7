// @vitest-environment node
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axFind, axOne, axTree, liveTexts, useKitPage } from './kit-page';

/** The text of the page's status regions, each as a node that existed before the action. */
async function statusNodes(page: Page) {
  return page.locator('[role="status"]').elementHandles();
}

describe('CancelWithReason, portal buttons and PastDueBanner in Chromium (WCAG 3.3.1, 4.1.3, 3.1.2)', () => {
  const kit = useKitPage();

  it('exposes the reasons as required, and marks them invalid after a submit without one', async () => {
    const page = await kit.open('cancel');
    await page.getByRole('radio', { name: 'It’s too expensive' }).waitFor();
    let group = axOne(await axTree(page), 'radiogroup', 'Why are you canceling?');
    expect(group.properties.required).toBe(true);
    expect(group.properties.invalid).toBe('false');
    let radios = axFind(group, 'radio');
    expect(radios).toHaveLength(8);
    for (const radio of radios) expect(radio.properties.invalid, radio.name).toBe('false');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Choose a reason to continue.').waitFor();
    group = axOne(await axTree(page), 'radiogroup', 'Why are you canceling?');
    expect(group.properties.invalid).toBe('true');
    expect(group.description).toBe('Choose a reason to continue.');
    radios = axFind(group, 'radio');
    for (const radio of radios) expect(radio.properties.invalid, radio.name).toBe('true');
    await page.getByRole('radio', { name: 'I no longer need it' }).check();
    for (const radio of axFind(await axTree(page), 'radio')) expect(radio.properties.invalid).toBe('false');
  });

  it('announces waiting after Continue and Accept offer in a region that was there before', async () => {
    const page = await kit.open('cancel');
    await page.getByRole('radio', { name: 'I no longer need it' }).check();
    const [status] = await statusNodes(page);
    expect(status).toBeDefined();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => liveTexts(page)).toContain('Saving…');
    expect(await status!.evaluate((element) => element.isConnected)).toBe(true);
    await page.evaluate(() => window.plankitTest.release('cancel'));
    await page.getByRole('button', { name: 'Accept offer' }).click();
    await expect.poll(() => liveTexts(page)).toContain('Saving…');
    await page.evaluate(() => window.plankitTest.release('retentionAccept'));
    await expect.poll(() => liveTexts(page)).toContain('The discount is applied. Thank you for staying!');
    expect(await status!.evaluate((element) => element.isConnected && element.textContent)).toBe(
      'The discount is applied. Thank you for staying!',
    );
  });

  it('announces waiting after Resume subscription', async () => {
    const page = await kit.open('scheduled');
    await page.getByRole('button', { name: 'Resume subscription' }).waitFor();
    const [status] = await statusNodes(page);
    await page.getByRole('button', { name: 'Resume subscription' }).click();
    await expect.poll(() => liveTexts(page)).toContain('Saving…');
    expect(await status!.textContent()).toBe('Saving…');
  });

  it('announces "Redirecting…" from the portal buttons', async () => {
    const page = await kit.open('account');
    await page.getByRole('button', { name: 'Manage' }).click();
    await expect.poll(() => liveTexts(page)).toContain('Redirecting…');
  });

  it('announces the past-due banner when it appears, in a region named briefly', async () => {
    const page = await kit.open('account');
    await page.getByRole('button', { name: 'Manage' }).waitFor();
    expect(axFind(await axTree(page), 'region')).toEqual([]);
    await page.evaluate(() => window.plankitTest.setStatus('past_due'));
    const message = 'Your last payment failed. Update your payment method to keep your subscription.';
    await expect.poll(() => liveTexts(page)).toContainEqual(expect.stringContaining(message));
    const region = axOne(await axTree(page), 'region');
    expect(region.name).toBe('Payment issue');
  });

  it('marks every root with the kit’s language when it differs from the page’s', async () => {
    const page = await kit.open('german');
    await page.getByRole('alertdialog').waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    const roots = await page.evaluate(() =>
      [...document.querySelectorAll('[data-plankit-part].plankit')].map(
        (root) => `${root.getAttribute('data-plankit-part')}:${root.closest('[lang]')?.getAttribute('lang')}`,
      ),
    );
    expect(roots.length).toBeGreaterThanOrEqual(5);
    for (const root of roots) expect(root).toMatch(/:de$/);
  });
});
