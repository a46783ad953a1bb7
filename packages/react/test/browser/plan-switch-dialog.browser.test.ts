// @vitest-environment node
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axFind, axOne, axTree, liveTexts, useKitPage } from './kit-page';

/** Stops clicks from focusing what they hit, as Safari and Firefox on macOS do with buttons. */
async function clicksDoNotFocus(page: Page) {
  await page.evaluate(() =>
    document.addEventListener('mousedown', (event) => event.preventDefault(), { capture: true }),
  );
}

const focusedName = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
  );

describe('PlanSwitchConfirm in Chromium (WCAG 2.4.3, 1.3.1, 3.3.1, 4.1.3)', () => {
  const kit = useKitPage();

  async function openFromTable(page: Page) {
    await page.getByRole('button', { name: 'Switch Pro' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Switch plan' });
    await dialog.getByText('Due today', { exact: true }).waitFor();
    return dialog;
  }

  it('takes the page behind it out of the accessibility tree and out of reach while open', async () => {
    const page = await kit.open('switch');
    await page.getByRole('button', { name: 'Switch Pro' }).waitFor();
    const before = await axTree(page);
    expect(axFind(before, 'button', 'Try Team')).toHaveLength(1);
    await openFromTable(page);
    const tree = await axTree(page);
    axOne(tree, 'alertdialog', 'Switch plan');
    // Nothing of the page behind is left for a screen reader to read or reach.
    expect(axFind(tree, 'button', 'Try Team')).toEqual([]);
    expect(axFind(tree, 'list', 'Plans')).toEqual([]);
    expect(axFind(tree, 'button', /^Switch /)).toEqual([]);
    // And neither focus nor a pointer reaches it.
    await page.evaluate(() => (document.querySelector('main button') as HTMLElement).focus());
    expect(await focusedName(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await expect.poll(async () => axFind(await axTree(page), 'button', 'Try Team').length).toBe(1);
  });

  it('returns focus to the table’s Switch after Escape, when the click did not focus it', async () => {
    const page = await kit.open('switch');
    await page.getByRole('button', { name: 'Switch Pro' }).waitFor();
    await clicksDoNotFocus(page);
    await openFromTable(page);
    expect(await focusedName(page)).toBe('Cancel');
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      await page.getByRole('button', { name: 'Switch Pro' }).getAttribute('id'),
    );
  });

  it('returns focus to the app’s own trigger through returnFocus, when the click did not focus it', async () => {
    const page = await kit.open('switch');
    await page.getByRole('button', { name: 'Switch Pro' }).waitFor();
    await clicksDoNotFocus(page);
    await page.getByRole('button', { name: 'Try Team' }).click();
    await page.getByRole('alertdialog').getByText('Due today', { exact: true }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
    await page.keyboard.press('Escape');
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    expect(await focusedName(page)).toBe('Try Team');
  });

  it('ties a refused promotion code to its field, right under it at 320 px, then announces the new amounts', async () => {
    const page = await kit.open('switch', { width: 320, height: 640 });
    const dialog = await openFromTable(page);
    const field = dialog.getByRole('textbox', { name: 'Promotion code' });
    await field.fill('EXPIRED');
    await field.press('Enter');
    const error = dialog.getByText('That promotion code is not valid.');
    await error.waitFor();
    const node = axOne(await axTree(page), 'textbox', 'Promotion code');
    expect(node.properties.invalid).toBe('true');
    expect(node.description).toBe('That promotion code is not valid.');
    const [fieldBox, errorBox] = [await field.boundingBox(), await error.boundingBox()];
    expect(errorBox!.y - (fieldBox!.y + fieldBox!.height)).toBeGreaterThanOrEqual(0);
    expect(errorBox!.y - (fieldBox!.y + fieldBox!.height)).toBeLessThan(48);
    await error.evaluate((element) => element.scrollIntoView({ block: 'nearest' }));
    expect(await field.isVisible()).toBe(true);

    await field.fill('WELCOME');
    await field.press('Enter');
    await dialog.getByText('$5', { exact: true }).waitFor();
    expect(axOne(await axTree(page), 'textbox', 'Promotion code').properties.invalid).toBe('false');
    await expect.poll(() => liveTexts(page)).toContainEqual(expect.stringMatching(/Due today.*\$5.*\$10/));
  });

  it('announces "Saving…" in its status region, which was there before the confirmation', async () => {
    const page = await kit.open('switch');
    const dialog = await openFromTable(page);
    const status = await dialog.locator('[role="status"]').elementHandle();
    expect(status).not.toBeNull();
    await dialog.getByRole('button', { name: 'Confirm switch' }).click();
    await expect.poll(() => liveTexts(page)).toContainEqual(expect.stringContaining('Saving…'));
    expect(await status!.evaluate((element) => element.isConnected && element.textContent)).toContain(
      'Saving…',
    );
  });
});
