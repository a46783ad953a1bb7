// @vitest-environment node
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axOne, axTree, useKitPage } from './kit-page';

// Team: 2 to 50 seats. Typed the way a keyboard user types: select the field's text, then the keys.
describe('seat stepper in Chromium (WCAG 3.3.1, 3.3.3, 2.4.3)', () => {
  const kit = useKitPage();

  async function team(page: Page) {
    const card = page.getByRole('listitem', { name: 'Team' });
    await card.waitFor();
    return { card, field: card.getByRole('spinbutton', { name: 'Seats' }) };
  }

  async function typeSeats(page: Page, keys: string) {
    const { field } = await team(page);
    await field.click();
    await page.keyboard.press('ControlOrMeta+A');
    if (keys) await page.keyboard.type(keys);
    else await page.keyboard.press('Backspace');
  }

  async function seatsNode(page: Page) {
    return axOne(await axTree(page), 'spinbutton', 'Seats');
  }

  it('typing 12 gives 12, and Subscribe sends 12', async () => {
    const page = await kit.open('pricing');
    await typeSeats(page, '12');
    const { card, field } = await team(page);
    expect(await field.inputValue()).toBe('12');
    await page.keyboard.press('Tab');
    expect(await field.inputValue()).toBe('12');
    expect((await seatsNode(page)).properties.invalid).toBe('false');
    await card.getByRole('button', { name: /^Subscribe/ }).click();
    await page.waitForFunction(() => window.plankitTest.requests.some((r) => r.route === 'checkout'));
    const checkout = await page.evaluate(() =>
      window.plankitTest.requests.find((r) => r.route === 'checkout'),
    );
    expect(checkout?.body).toMatchObject({ plan: 'team', quantity: 12 });
  });

  it('an empty field stays empty and says so: aria-invalid, described by "Choose 2 to 50 seats"', async () => {
    const page = await kit.open('pricing');
    await typeSeats(page, '');
    const { card, field } = await team(page);
    expect(await field.inputValue()).toBe('');
    await page.keyboard.press('Tab');
    expect(await field.inputValue()).toBe('');
    const node = await seatsNode(page);
    expect(node.properties.invalid).toBe('true');
    expect(node.description).toBe('Choose 2 to 50 seats');
    await expect.poll(() => card.getByText('Choose 2 to 50 seats').isVisible()).toBe(true);
    // The action refuses to send a quantity the customer did not choose, and points at the field.
    await card.getByRole('button', { name: /^Subscribe/ }).click();
    expect(
      await page.evaluate(() => window.plankitTest.requests.filter((r) => r.route === 'checkout')),
    ).toEqual([]);
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('99 is not silently 50: invalid on Enter, nothing sent; a valid value clears the message', async () => {
    const page = await kit.open('pricing');
    await typeSeats(page, '99');
    const { card, field } = await team(page);
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe('99');
    let node = await seatsNode(page);
    expect(node.properties.invalid).toBe('true');
    expect(node.description).toBe('Choose 2 to 50 seats');
    await card.getByRole('button', { name: /^Subscribe/ }).click();
    expect(
      await page.evaluate(() => window.plankitTest.requests.filter((r) => r.route === 'checkout')),
    ).toEqual([]);
    await typeSeats(page, '50');
    await page.keyboard.press('Enter');
    node = await seatsNode(page);
    expect(node.properties.invalid).toBe('false');
    expect(node.description).toBe('');
    expect(await card.getByText('Choose 2 to 50 seats').count()).toBe(0);
  });

  it('"Remove one" keeps focus at the minimum (aria-disabled, not disabled) and stops there', async () => {
    const page = await kit.open('pricing');
    const { card, field } = await team(page);
    const fewer = card.getByRole('button', { name: 'Remove one' });
    const more = card.getByRole('button', { name: 'Add one' });
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe('3');
    await fewer.focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe('2');
    expect(await fewer.evaluate((element) => element === document.activeElement)).toBe(true);
    const node = axOne(await axTree(page), 'button', 'Remove one');
    expect(node.properties.disabled).toBe(true);
    expect(node.properties.focusable).toBe(true);
    // Keyboard on: Tab from the bound reaches the field, nothing was lost to <body>.
    await page.keyboard.press('Tab');
    expect(await field.evaluate((element) => element === document.activeElement)).toBe(true);
  });
});
