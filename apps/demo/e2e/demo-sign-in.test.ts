import { expect, test } from 'vitest';
import { demoForEachFile, expectAccessible, signIn } from './harness';

const harness = demoForEachFile();

// The demo's sign-in verifies nothing, so every locale says it is a stand-in (issue 15.12).
const notices = {
  en: 'Demo stand-in for sign-in',
  de: 'Platzhalter für eine Anmeldung',
  it: 'Accesso dimostrativo',
  id: 'Pengganti masuk untuk demo',
} as const;

test.each(Object.entries(notices))(
  'the sign-in page in %s says it is a demo stand-in',
  async (locale, text) => {
    const page = await harness().newPage();
    await page.goto('/sign-in');
    await page.evaluate((code) => window.localStorage.setItem('acme.locale', code), locale);
    await page.reload();
    const note = page.getByRole('note');
    await note.waitFor();
    expect(await note.textContent()).toContain(text);
    await expectAccessible(page, `sign-in-notice-${locale}`);
  },
);

test('a signed-in visitor sees the demo sign-in badge in the header', async () => {
  const page = await harness().newPage();
  await signIn(page, 'ada@acme.test');
  const badge = page.locator('header [data-demo-stand-in="sign-in"]');
  await badge.waitFor();
  expect(await badge.textContent()).toBe('Demo sign-in');
});
