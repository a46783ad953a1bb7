import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { launchChromium } from '@plankit/test-utils';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type Stripe from 'stripe';
import { afterAll, beforeAll, expect } from 'vitest';
import { type RunningDemo, type StartDemoOptions, startDemo } from '../server/start-demo';

export const screenshotDir = resolve(import.meta.dirname, '../../../.artifacts/screenshots');

export interface DemoHarness {
  demo: RunningDemo;
  browser: Browser;
  /** A fresh browser context (own cookies) with one page. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Starts one demo (emulator + server on port 0) and one Chromium for a test file. */
export async function openDemo(options: StartDemoOptions = {}): Promise<DemoHarness> {
  await mkdir(screenshotDir, { recursive: true });
  const [demo, browser] = await Promise.all([
    startDemo({ port: 0, stripe: 'emulator', mode: 'production', log: false, ...options }),
    launchChromium(),
  ]);
  const contexts: BrowserContext[] = [];
  return {
    demo,
    browser,
    async newPage() {
      const context = await browser.newContext({
        baseURL: demo.url,
        viewport: { width: 1280, height: 900 },
        locale: 'en-US',
        timezoneId: 'UTC',
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      await Promise.allSettled(contexts.map((context) => context.close()));
      await browser.close();
      await demo.close();
    },
  };
}

/** Opens one demo (and browser) for the enclosing file or describe block and closes it afterwards. */
export function demoForEachFile(options: StartDemoOptions = {}): () => DemoHarness {
  let harness: DemoHarness | undefined;
  beforeAll(async () => {
    harness = await openDemo(options);
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('demoForEachFile: the demo is not open yet (call it inside a test)');
    return harness;
  };
}

const require = createRequire(import.meta.url);
let axeSource: Promise<string> | undefined;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** Runs axe-core (WCAG 2.x A and AA rules and best practices) on the page and fails on any violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  axeSource ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  const alreadyLoaded = await page.evaluate(() => 'axe' in window);
  // Through the DevTools protocol: the emulator's hosted pages send a strict CSP that blocks an inline script tag.
  if (!alreadyLoaded) await page.evaluate(`${await axeSource};void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run(document);
    return result.violations;
  });
  const found = (violations as AxeViolation[]).map(
    (violation) =>
      `${violation.impact ?? 'unknown'} ${violation.id}: ${violation.help} at ${violation.nodes
        .map((node) => JSON.stringify(node.target))
        .join(', ')}`,
  );
  expect(found, `axe violations on "${name}"`).toEqual([]);
}

/** One step of a scenario: a screenshot artifact and an axe check of the page as it is now. */
export async function checkpoint(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  await expectAccessible(page, name);
}

/** Signs in through the demo's sign-in page (typing the email), as a visitor would. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText(`Signed in as ${email}`).waitFor();
}

/** Subscribes to a plan from the pricing table and lands on the emulator's hosted Checkout page. */
export async function startCheckout(page: Page, plan: string): Promise<void> {
  await page.goto('/pricing');
  await planCard(page, plan)
    .getByRole('button', { name: /subscribe/i })
    .click();
  await page.waitForURL(
    (url) => !url.href.startsWith(new URL(page.url()).origin) || url.pathname.includes('/c/'),
  );
}

/** The pricing table's card for a plan, by its name. */
export function planCard(page: Page, plan: string) {
  return page
    .locator('[data-plankit-part="plan"]')
    .filter({ has: page.getByRole('heading', { name: plan }) });
}

/** The user's subscriptions as Stripe (the emulator) holds them, every status, through the SDK. */
export async function stripeSubscriptionsOf(stripe: Stripe, email: string): Promise<Stripe.Subscription[]> {
  const customers = await stripe.customers.list({ email, limit: 10 });
  const lists = await Promise.all(
    customers.data.map((customer) =>
      stripe.subscriptions.list({ customer: customer.id, status: 'all', limit: 20 }),
    ),
  );
  return lists.flatMap((list) => list.data);
}

/** The one live (not canceled) subscription of the user; fails unless there is exactly one. */
export async function onlySubscriptionOf(stripe: Stripe, email: string): Promise<Stripe.Subscription> {
  const live = (await stripeSubscriptionsOf(stripe, email)).filter(
    (subscription) => subscription.status !== 'canceled' && subscription.status !== 'incomplete_expired',
  );
  expect(live.map((subscription) => subscription.id)).toHaveLength(1);
  return live[0]!;
}

/** A field of the Account page's subscription details, e.g. `status` or `plan`. */
export function detail(page: Page, field: string) {
  return page.locator(`[data-testid="subscription-details"] [data-field="${field}"]`);
}
