import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import {
  checkpoint,
  demoForEachFile,
  detail,
  onlySubscriptionOf,
  planCard,
  signIn,
  stripeSubscriptionsOf,
} from './harness';
import { payOnCheckout } from './hosted-pages';

// Scenarios 1 and 2 share one user: subscribe, then try to subscribe again.
describe.sequential('subscribe through Checkout', () => {
  const harness = demoForEachFile();
  let staleTab: Page;
  const email = 'ada.subscribe@acme.test';

  test('1. Checkout page -> success page -> Account shows the plan as active', async () => {
    const { demo } = harness();
    const page = await harness().newPage();
    await signIn(page, email);
    // A second tab of the same browser, left open on Pricing from before the subscription (used in 2.).
    staleTab = await page.context().newPage();
    await staleTab.goto('/pricing');
    await planCard(staleTab, 'Pro').getByRole('button', { name: 'Subscribe' }).waitFor();

    await page.goto('/pricing');
    await planCard(page, 'Starter').getByRole('button', { name: 'Subscribe' }).waitFor();
    await checkpoint(page, '01-pricing-signed-in');

    await planCard(page, 'Starter').getByRole('button', { name: 'Subscribe' }).click();
    await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
    await checkpoint(page, '01-checkout-page');
    await payOnCheckout(page, demo.url);

    expect(new URL(page.url()).pathname).toBe('/success');
    expect(new URL(page.url()).searchParams.get('session_id')).toMatch(/^cs_/);
    await page.locator('[data-plankit-part="billing-return"][data-state="done"]').waitFor();
    await expect(page.locator('[data-plankit-part="summary"]').textContent()).resolves.toContain('Starter');
    await checkpoint(page, '01-success');

    await page.getByRole('link', { name: 'Go to your account' }).click();
    await detail(page, 'status').locator('[data-status="active"], .status-active').first().waitFor();
    await expect(detail(page, 'plan').textContent()).resolves.toContain('Starter');
    await expect(detail(page, 'status').getAttribute('data-status')).resolves.toBe('active');
    await checkpoint(page, '01-account-active');

    const subscription = await onlySubscriptionOf(demo.stripe, email);
    expect(subscription.status).toBe('active');
    expect(subscription.items.data[0]?.price.lookup_key).toBe('starter_monthly');
  });

  test('2. subscribing again from a stale tab says so in the app; Manage it opens the portal; still exactly one subscription', async () => {
    const { demo } = harness();
    // The tab opened before the subscription existed still offers "Subscribe": the server must refuse.
    const stale = staleTab;
    const subscribe = planCard(stale, 'Pro').getByRole('button', { name: 'Subscribe' });
    await subscribe.waitFor();
    await subscribe.click();
    // The customer is told why first, on the app's page, and chooses to go to the portal.
    const notice = stale.getByRole('alert').filter({ hasText: 'You already have a subscription.' });
    await notice.waitFor();
    expect(new URL(stale.url()).origin).toBe(new URL(demo.url).origin);
    await checkpoint(stale, '02-already-subscribed-notice');
    await notice.getByRole('button', { name: 'Manage it' }).click();
    await stale.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
    // The emulator's customer portal (Stripe's billing.stripe.com/p/session/...).
    expect(new URL(stale.url()).pathname).toMatch(/^\/p\/session\//);
    await stale.getByRole('heading', { name: 'Current subscription' }).waitFor();
    await checkpoint(stale, '02-portal-instead-of-checkout');

    const all = await stripeSubscriptionsOf(demo.stripe, email);
    expect(all).toHaveLength(1);
    expect(
      demo
        .emulator!.requestLog()
        .filter((entry) => entry.path === '/v1/checkout/sessions' && entry.method === 'POST'),
    ).toHaveLength(1);

    // The live page of a subscribed user never offers a second "Subscribe" at all.
    const page = await harness().newPage();
    await signIn(page, email);
    await page.goto('/pricing');
    await planCard(page, 'Starter').locator('[data-plankit-part="badge"][data-state="current"]').waitFor();
    await expect(page.getByRole('button', { name: 'Subscribe' }).count()).resolves.toBe(0);
    await checkpoint(page, '02-pricing-subscribed');
  });
});
