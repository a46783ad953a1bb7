import type { Page } from 'playwright-core';

// Steps on the emulator's hosted Checkout and portal pages (Stripe's own pages in test mode).

export const cards = {
  succeeds: '4242 4242 4242 4242',
  /** Attaches, but every charge is declined. */
  chargeFails: '4000 0000 0000 0341',
  mastercard: '5555 5555 5555 4444',
} as const;

/** Whether the page is on the emulator rather than on the demo. */
export function isOnEmulator(page: Page, emulatorUrl: string): boolean {
  return page.url().startsWith(emulatorUrl);
}

/** Fills the hosted Checkout form with a test card and pays; resolves once back on `returnOrigin`. */
export async function payOnCheckout(page: Page, returnOrigin: string, card: string = cards.succeeds) {
  await fillCard(page, card);
  await page.getByRole('button', { name: /^(subscribe|pay|start trial)/i }).click();
  await page.waitForURL((url) => url.href.startsWith(returnOrigin));
}

/** Fills a card form (Checkout or the portal's payment method page). */
export async function fillCard(page: Page, card: string) {
  await page.getByLabel(/card number/i).fill(card);
  await page.getByLabel(/expir/i).fill('12 / 34');
  await page.getByLabel(/cvc/i).fill('123');
  const name = page.getByLabel(/name on card|cardholder/i);
  if (await name.count()) await name.fill('Ada Lovelace');
}
