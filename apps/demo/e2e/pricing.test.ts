import { expect, test } from 'vitest';
import { checkpoint, demoForEachFile, planCard } from './harness';

const harness = demoForEachFile();

// Each locale in each theme: the demo's text, the kit's text, `lang`, and axe (colour contrast included).
const expectations = {
  en: { heading: 'Pick the plan that fits', subscribe: 'Subscribe', monthly: '$9' },
  de: { heading: 'Wählen Sie den passenden Tarif', subscribe: 'Abonnieren', monthly: '9 $' },
  it: { heading: 'Scegli il piano giusto', subscribe: 'Abbonati', monthly: '9 USD' },
  id: { heading: 'Pilih paket yang sesuai', subscribe: 'Berlangganan', monthly: 'US$9' },
} as const;

test.each(Object.entries(expectations))(
  'the pricing page in %s, light and dark',
  async (locale, expected) => {
    const page = await harness().newPage();
    await page.goto('/pricing');
    await page.evaluate((code) => window.localStorage.setItem('acme.locale', code), locale);
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((value) => window.localStorage.setItem('acme.theme', value), theme);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: expected.heading }).waitFor();
      const starter = planCard(page, 'Starter');
      await starter.getByRole('button', { name: expected.subscribe }).waitFor();
      // Intl puts a no-break space between amount and symbol in some locales.
      const amount = (await starter.locator('[data-plankit-part="amount"]').textContent())?.replace(
        /\s/g,
        ' ',
      );
      expect(amount).toContain(expected.monthly);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale);
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await checkpoint(page, `pricing-${locale}-${theme}`);
    }
  },
);

test('a signed-out visitor who picks a plan signs in first, then comes back to Pricing', async () => {
  const page = await harness().newPage();
  await page.goto('/pricing');
  await planCard(page, 'Starter').getByRole('button', { name: 'Subscribe' }).click();
  await page.getByRole('heading', { name: 'Sign in to Acme Notes' }).waitFor();
  expect(new URL(page.url()).searchParams.get('next')).toBe('/pricing');
  await page.getByRole('button', { name: 'Continue as ada@acme.test' }).click();
  await page.getByRole('heading', { name: 'Pick the plan that fits' }).waitFor();
  expect(
    harness()
      .demo.emulator!.requestLog()
      .some((entry) => entry.path === '/v1/checkout/sessions'),
  ).toBe(false);
});

test('leaving Checkout with its Cancel link comes back to Pricing, with nothing created', async () => {
  const { demo } = harness();
  const page = await harness().newPage();
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Continue as grace@acme.test' }).click();
  await planCard(page, 'Team').getByRole('button', { name: 'Subscribe' }).click();
  await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
  await page.getByRole('link', { name: 'Cancel' }).click();
  await page.getByRole('heading', { name: 'Pick the plan that fits' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/pricing');
  const customers = await demo.stripe.customers.list({ email: 'grace@acme.test' });
  for (const customer of customers.data) {
    const subscriptions = await demo.stripe.subscriptions.list({ customer: customer.id, status: 'all' });
    expect(subscriptions.data).toHaveLength(0);
  }
});
