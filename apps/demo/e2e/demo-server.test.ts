import { launchChromium } from '@plankit/test-utils';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningDemo, startDemo } from '../server/start-demo';
import { stripeTestModeBackend } from '../server/stripe-backend';
import { expectAccessible, planCard } from './harness';
import { payOnCheckout } from './hosted-pages';

// The demo's own server: sign-in cookie, the same-origin rule on its routes, and Vite's dev middleware.
describe('demo server (development mode, Vite middleware)', () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, stripe: 'emulator', mode: 'development', log: false });
  });
  afterAll(async () => {
    await demo?.close();
  });

  const json = (body: object) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: demo.url },
    body: JSON.stringify(body),
  });

  test('prints a loopback URL on a free port and runs on the emulator', async () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.emulator).not.toBeNull();
    const session = await (await fetch(`${demo.url}/api/session`)).json();
    expect(session).toMatchObject({ user: null, stripe: 'emulator' });
    expect(Date.parse(session.clock)).toBeGreaterThan(0);
  });

  test('the setup check registered the webhook endpoint and a portal configuration', async () => {
    const endpoints = await demo.stripe.webhookEndpoints.list();
    expect(endpoints.data.map((endpoint) => endpoint.url)).toEqual([`${demo.url}/api/billing/webhook`]);
    const configurations = await demo.stripe.billingPortal.configurations.list();
    expect(configurations.data.length).toBeGreaterThan(0);
  });

  test('sign-in sets a signed, httpOnly, SameSite=Lax cookie; a tampered cookie is nobody', async () => {
    const response = await fetch(`${demo.url}/api/session`, json({ email: 'Ada@Acme.test' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ user: { email: 'ada@acme.test' } });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const pair = cookie.split(';')[0]!;

    const me = await (await fetch(`${demo.url}/api/session`, { headers: { cookie: pair } })).json();
    expect(me.user).toEqual({ email: 'ada@acme.test' });

    // Another user's email with Ada's signature: refused.
    const [name, value] = pair.split('=');
    const forged = `${name}=${Buffer.from('grace@acme.test').toString('base64url')}.${value!.split('.')[1]}`;
    const asForged = await (await fetch(`${demo.url}/api/session`, { headers: { cookie: forged } })).json();
    expect(asForged.user).toBeNull();
    expect((await fetch(`${demo.url}/api/events`, { headers: { cookie: forged } })).status).toBe(401);
    expect(
      (await fetch(`${demo.url}/api/billing/subscription`, { headers: { cookie: forged } })).status,
    ).toBe(401);
    expect((await fetch(`${demo.url}/api/billing/subscription`, { headers: { cookie: pair } })).status).toBe(
      200,
    );
  });

  test('refuses bad emails, cross-origin sign-ins and sign-out clears the cookie', async () => {
    expect((await fetch(`${demo.url}/api/session`, json({ email: 'not an email' }))).status).toBe(400);
    const crossSite = await fetch(`${demo.url}/api/session`, {
      ...json({ email: 'mallory@evil.test' }),
      headers: { 'content-type': 'application/json', origin: 'https://evil.test' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('set-cookie')).toBeNull();
    const formPost = await fetch(`${demo.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=mallory%40evil.test',
    });
    expect(formPost.status).toBe(403);
    const signOut = await fetch(`${demo.url}/api/session`, {
      method: 'DELETE',
      headers: { origin: demo.url },
    });
    expect(signOut.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  test('the clock control is for signed-in users only', async () => {
    const anonymous = await fetch(`${demo.url}/api/demo/clock`, json({ days: 1 }));
    expect(anonymous.status).toBe(401);
    const signIn = await fetch(`${demo.url}/api/session`, json({ email: 'clock@acme.test' }));
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const before = demo.emulator!.now();
    const moved = await fetch(`${demo.url}/api/demo/clock`, {
      ...json({ days: 2 }),
      headers: { 'content-type': 'application/json', origin: demo.url, cookie },
    });
    expect(moved.status).toBe(200);
    expect(demo.emulator!.now() - before).toBeGreaterThanOrEqual(2 * 86_400);
  });

  test('development (Vite middleware): pricing passes axe, subscribing works, Account opens at its top', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ baseURL: demo.url });
      await page.goto('/');
      await page.getByRole('heading', { name: 'Pick the plan that fits' }).waitFor({ timeout: 30_000 });
      await page.locator('[data-plankit-part="plan"]').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('[data-plankit-part="plan"]').count()).toBe(3);
      await expectAccessible(page, 'dev-pricing');

      // The whole subscribe path in development too, and the Account page opens at its top.
      await page.goto('/sign-in');
      await page.getByRole('button', { name: 'Continue as grace@acme.test' }).click();
      await planCard(page, 'Starter').getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForURL((url) => url.href.startsWith(demo.emulator!.url));
      await payOnCheckout(page, demo.url);
      await page.getByRole('link', { name: 'Go to your account' }).click();
      await page.locator('.status-active').waitFor();
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Your account');
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
    } finally {
      await browser.close();
    }
  });
});

describe('Stripe test mode', () => {
  test('takes only test-mode secret keys', () => {
    for (const key of ['', 'pk_test_123', 'sk_live_123', 'rk_live_123']) {
      expect(() => stripeTestModeBackend({ STRIPE_SECRET_KEY: key }), key).toThrow(/test-mode secret key/);
    }
    const backend = stripeTestModeBackend({
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_WEBHOOK_SECRET: 'whsec_1',
    });
    expect(backend).toMatchObject({ kind: 'stripe-test-mode', webhookSecret: 'whsec_1', emulator: null });
  });
});

describe('production static files', () => {
  let demo: RunningDemo;

  beforeAll(async () => {
    demo = await startDemo({ port: 0, stripe: 'emulator', mode: 'production', log: false });
  });
  afterAll(async () => {
    await demo?.close();
  });

  test('serves the build, falls back to index.html for app routes, and never leaves dist/', async () => {
    const account = await fetch(`${demo.url}/account`);
    expect(account.status).toBe(200);
    expect(await account.text()).toContain('<div id="root">');
    const traversal = await fetch(`${demo.url}/..%2f..%2fpackage.json`);
    expect(await traversal.text()).not.toContain('"name"');
    expect((await fetch(`${demo.url}/%E0%A4%A`)).status).toBe(400);
    // The server is still up after the malformed request.
    expect((await fetch(`${demo.url}/api/session`)).status).toBe(200);
  });
});
