// @vitest-environment node
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axFind, axOne, axTree, liveTexts, useKitPage } from './kit-page';

describe('PricingTable in Chromium (WCAG 4.1.3, 3.3.1, 1.4.1, 1.4.10, 2.4.6)', () => {
  const kit = useKitPage();

  it('keeps one status region from "Loading plans…" to "Redirecting…"', async () => {
    const page = await kit.open('pricing-held');
    const status = await page.locator('[role="status"]').elementHandle();
    expect(await status!.textContent()).toBe('Loading plans…');
    expect(await liveTexts(page)).toContain('Loading plans…');
    await page.evaluate(() => window.plankitTest.release('plans'));
    await page.getByRole('listitem', { name: 'Team' }).waitFor();
    expect(await status!.evaluate((element) => element.isConnected)).toBe(true);
    expect(await status!.textContent()).toBe('');
    await page.getByRole('button', { name: 'Subscribe Team' }).click();
    await expect.poll(() => liveTexts(page)).toContain('Redirecting…');
    expect(await status!.textContent()).toBe('Redirecting…');
  });

  it('names each plan’s button with its plan: three Subscribe buttons are told apart by name', async () => {
    const page = await kit.open('pricing');
    await page.getByRole('listitem', { name: 'Pro' }).waitFor();
    const names = axFind(await axTree(page), 'button', /^Subscribe/).map((node) => node.name);
    expect(names).toEqual(['Subscribe Starter', 'Subscribe Pro', 'Subscribe Team']);
  });

  it('shows a refused promotion code under its field, tied to it, in view at 320 px', async () => {
    const page = await kit.open('pricing', { width: 320, height: 640 });
    const field = page.getByRole('textbox', { name: 'Promotion code' });
    await field.fill('EXPIRED');
    await page.getByRole('button', { name: 'Subscribe Starter' }).click();
    const error = page.getByText('That promotion code is not valid.');
    await error.waitFor();
    const node = axOne(await axTree(page), 'textbox', 'Promotion code');
    expect(node.properties.invalid).toBe('true');
    expect(node.description).toBe('That promotion code is not valid.');
    const [fieldBox, errorBox] = [await field.boundingBox(), await error.boundingBox()];
    const gap = errorBox!.y - (fieldBox!.y + fieldBox!.height);
    expect(gap).toBeGreaterThanOrEqual(0);
    expect(gap).toBeLessThan(24);
    // Editing the code clears the refusal.
    await field.fill('WELCOME');
    expect(axOne(await axTree(page), 'textbox', 'Promotion code').properties.invalid).toBe('false');
  });

  it('tells Monthly (pressed) from Yearly in forced colours, and not by colour alone', async () => {
    const page = await kit.open('pricing');
    const look = (name: string) =>
      page.getByRole('button', { name }).evaluate((element) => {
        const style = getComputedStyle(element);
        return { background: style.backgroundColor, color: style.color, weight: style.fontWeight };
      });
    const cue = async () => [await look('Monthly'), await look('Yearly Save 17%')];
    const [pressed, unpressed] = await cue();
    expect(pressed!.weight).not.toBe(unpressed!.weight);
    await page.emulateMedia({ forcedColors: 'active' });
    const [forcedPressed, forcedUnpressed] = await cue();
    expect(forcedPressed!.background).not.toBe(forcedUnpressed!.background);
    expect(forcedPressed!.color).not.toBe(forcedUnpressed!.color);
    expect(forcedPressed!.weight).not.toBe(forcedUnpressed!.weight);
  });

  async function overflowing(page: Page, cells: string) {
    return page.evaluate((selector) => {
      const panel = document.querySelector('[data-plankit-part="pricing-table"]')!.getBoundingClientRect();
      return [...document.querySelectorAll(selector)]
        .map((cell) => cell.getBoundingClientRect())
        .filter((box) => box.left < panel.left - 0.5 || box.right > panel.right + 0.5).length;
    }, cells);
  }

  it('shrinks cards and skeleton into a 320 px viewport with text at 200%', async () => {
    const loading = await kit.open('pricing-held', { width: 320, height: 640 });
    await loading.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    expect(await overflowing(loading, '[data-plankit-part="skeleton"] > div')).toBe(0);
    await loading.evaluate(() => window.plankitTest.release('plans'));
    await loading.getByRole('listitem', { name: 'Team' }).waitFor();
    expect(await overflowing(loading, '[data-plankit-part="plan"]')).toBe(0);
  });
});
