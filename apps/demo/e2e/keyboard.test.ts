import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { checkpoint, demoForEachFile, detail, onlySubscriptionOf } from './harness';

const harness = demoForEachFile();

interface Focused {
  tag: string;
  name: string;
}

/** What has keyboard focus: its tag and accessible-ish name (aria-label, its label, or its text). */
function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element) return { tag: '', name: '' };
    const labelled = element.getAttribute('aria-labelledby');
    const name =
      element.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      (element as HTMLInputElement).labels?.[0]?.textContent ??
      element.textContent ??
      '';
    return { tag: element.tagName.toLowerCase(), name: name.replace(/\s+/g, ' ').trim() };
  });
}

/** Presses Tab until the focused element matches (like a keyboard user would), failing after `limit` presses. */
async function tabTo(page: Page, tag: string, name: RegExp, limit = 60): Promise<void> {
  const seen: string[] = [];
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (now.tag === tag && name.test(now.name)) return;
    seen.push(`${now.tag}:${now.name.slice(0, 40)}`);
  }
  throw new Error(`No ${tag} named ${name} reachable by Tab. Focus went: ${seen.join(' | ')}`);
}

test('a full path by keyboard alone: sign in, subscribe on Checkout, success, account, language and theme', async () => {
  const { demo } = harness();
  const email = 'ada.keyboard@acme.test';
  const page = await harness().newPage();
  await page.goto('/');
  await page.locator('[data-plankit-part="plan"]').first().waitFor();

  // The skip link is the first stop.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toEqual({ tag: 'a', name: 'Skip to content' });

  await tabTo(page, 'a', /^Sign in$/);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sign in to Acme Notes' }).waitFor();
  await tabTo(page, 'input', /^Email$/);
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await page.getByText(`Signed in as ${email}`).waitFor();
  await page.getByRole('heading', { name: 'Pick the plan that fits' }).waitFor();
  await checkpoint(page, 'keyboard-01-pricing');

  // Yearly billing through the interval toggle, then the Starter plan.
  await tabTo(page, 'button', /^Yearly/);
  await page.keyboard.press('Enter');
  await page.getByText('$90').waitFor();
  // Plan buttons read "Loading…" until the new user's subscription is known; a person waits for them too, or Tab
  // would pass Starter while it loads and land on a later plan.
  await page.waitForFunction(
    () => !document.querySelector('[data-plankit-part="action"][data-state="loading"]'),
  );
  await tabTo(page, 'button', /^Subscribe$/);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await page.getByRole('heading', { name: 'Subscribe' }).waitFor();
  await checkpoint(page, 'keyboard-02-checkout');

  // The hosted Checkout page, by keyboard too.
  await tabTo(page, 'input', /^Name on card$/);
  await page.keyboard.type('Ada Lovelace');
  await tabTo(page, 'input', /^Card number$/);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('4242424242424242');
  await tabTo(page, 'button', /^Subscribe$/);
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.href.startsWith(`${demo.url}/success`));
  await page.locator('[data-plankit-part="billing-return"][data-state="done"]').waitFor();
  await checkpoint(page, 'keyboard-03-success');

  await tabTo(page, 'a', /^Go to your account$/);
  await page.keyboard.press('Enter');
  await detail(page, 'status').locator('.status-active').waitFor();
  await expect(detail(page, 'plan').textContent()).resolves.toMatch(/Starter · Yearly/);
  // After an in-app navigation focus moves to the new page's heading.
  expect(await focused(page)).toEqual({ tag: 'h1', name: 'Your account' });

  // Language: the select responds to the arrow keys; the kit's components follow the app's locale.
  await tabTo(page, 'select', /^Language$/);
  await page.keyboard.press('ArrowDown');
  await page.getByRole('heading', { name: 'Ihr Konto' }).waitFor();
  await page.getByRole('button', { name: 'Zahlungsmethode aktualisieren' }).waitFor();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');

  // Theme: a toggle button named by the theme it shows, described by what it does, pressed with Space.
  await tabTo(page, 'button', /^☀ Hell$/);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('title'))).toBe(
    'Zum dunklen Design wechseln',
  );
  await page.keyboard.press('Space');
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await page.getByRole('button', { name: 'Dunkel', exact: true }).waitFor();
  await checkpoint(page, 'keyboard-04-account-de-dark');

  const subscription = await onlySubscriptionOf(demo.stripe, email);
  expect(subscription.items.data[0]?.price.lookup_key).toBe('starter_yearly');
});
