import { launchChromium, payCheckout } from '@plankit/test-utils';
import type { Browser, Page } from 'playwright-core';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type RunningApp, startApp, timings } from './next-app';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  await buildApp();
  [app, browser] = await Promise.all([startApp(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  console.log(`next-example timings (s): ${JSON.stringify(timings)}`);
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
  return context.newPage();
}

const subscribe = (page: Page) => page.getByRole('button', { name: /^Subscribe/ });

describe('the Next.js example app (next build && next start)', () => {
  it('has the plans in the server HTML', async () => {
    const html = await (await fetch(`${app.origin}/`)).text();
    expect(html).toContain('Starter');
    expect(html).toContain('$29');
    expect(html).toContain('Unlimited projects');
  });

  it('shows a signed-out visitor "Subscribe" within 500 ms of the plans arriving (one 401, no retries)', async () => {
    const page = await newPage();
    const subscriptionRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/billing/subscription')) subscriptionRequests.push(request.url());
    });
    // Marks when the server-rendered plans appear in the document and when a plan button first reads "Subscribe".
    await page.addInitScript(() => {
      const marks: Record<string, number> = {};
      (window as unknown as { marks: typeof marks }).marks = marks;
      new MutationObserver(() => {
        if (!marks.plans && document.querySelector('[data-plankit-part="plan"]'))
          marks.plans = performance.now();
        const buttons = [...document.querySelectorAll('button')];
        if (!marks.subscribe && buttons.some((button) => button.textContent?.startsWith('Subscribe'))) {
          marks.subscribe = performance.now();
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(`${app.origin}/`);
    await subscribe(page).first().waitFor();
    const { marks, asked } = await page.evaluate(() => ({
      marks: (window as unknown as { marks: Record<string, number> }).marks,
      // The plans reach the hooks with hydration (initialData), which is when the subscription query starts.
      asked: performance
        .getEntriesByType('resource')
        .find((entry) => entry.name.endsWith('/api/billing/subscription'))?.startTime,
    }));
    const wait = Math.round((marks.subscribe ?? Number.NaN) - (asked ?? Number.NaN));
    const fromHtml = Math.round((marks.subscribe ?? Number.NaN) - (marks.plans ?? Number.NaN));
    console.log(
      `signed-out visitor: "Subscribe" ${wait} ms after the plans reached the hooks (${fromHtml} ms after the server HTML showed them, hydration included)`,
    );
    expect(wait).toBeLessThanOrEqual(500);
    await page.waitForTimeout(1_200); // past TanStack's first retry delay
    expect(subscriptionRequests).toHaveLength(1);
    await page.context().close();
  });

  it('subscribe, pay on the hosted Checkout, return to "Current plan", then manage in the portal', async () => {
    const page = await newPage();
    await page.goto(`${app.origin}/`);
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    await subscribe(page).first().click();
    await page.waitForURL((url) => url.href.startsWith(app.emulator.url));
    const checkoutUrl = page.url();
    expect([302, 303]).toContain(await payCheckout(checkoutUrl));
    // Checkout's success URL is the return page: it syncs at once, before (or without) the webhooks.
    const stripe = new Stripe(app.emulator.secretKey, app.emulator.stripeConfig);
    const session = await stripe.checkout.sessions.retrieve(
      new URL(checkoutUrl).pathname.split('/').pop() ?? '',
    );
    await page.goto(session.success_url ?? '');
    await page.getByRole('heading', { name: 'Your subscription is active' }).waitFor();
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByText('Current plan').waitFor();
    // The server HTML already says so (initialData from the Server Component), before any browser request.
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const html = await (await fetch(`${app.origin}/`, { headers: { cookie } })).text();
    expect(html).toContain('Current plan');
    await page.getByRole('button', { name: /^Manage/ }).click();
    await page.waitForURL((url) => url.href.startsWith(app.emulator.url));
    expect(page.url()).toContain('/p/session/');
    await page.context().close();
    // A render error on the server (such as Next.js refusing a clock read while it prerenders) would show here first:
    // `Error:`, `TypeError:`, Next's own `⨯` lines.
    expect(app.output()).not.toMatch(/\b\w*Error\b|⨯/);
  });

  it('a canceled Checkout goes back to the plans, not to a page waiting for a subscription', async () => {
    const page = await newPage();
    await page.goto(`${app.origin}/billing/return?checkout=canceled`);
    await page.waitForURL(`${app.origin}/`);
    await subscribe(page).first().waitFor();
    expect(await page.getByText('Activating your subscription').count()).toBe(0);
    await page.context().close();
  });
});
