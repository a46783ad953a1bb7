import { definePlans, type PlansInput } from '@plankit/core';
import { type EmulatorSeed, startEmulator } from '@plankit/stripe-emulator';
import { planConfig, retentionCouponId, seedCatalog } from '@plankit/test-utils';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DoctorReport, formatDoctorReport, runDoctor } from './index';
import { requiredWebhookEvents } from './webhook-events';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

// seedCatalog is declared `as const` (readonly arrays); the emulator's seed type is the mutable Stripe shape.
const seed = seedCatalog as unknown as EmulatorSeed;

const webhookUrl = 'https://app.example.com/api/billing/webhook';
const plans = definePlans(planConfig as PlansInput);

let emulator: Emulator;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, seed });
  stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig });
});

afterEach(async () => {
  await emulator.close();
});

function errors(report: DoctorReport) {
  return report.findings.filter((finding) => finding.level === 'error');
}

function finding(report: DoctorReport, id: string) {
  return report.findings.find((candidate) => candidate.id === id);
}

/** The doctor's calls, as the emulator logged them (the count is part of the contract: one prices.list). */
function doctorCalls() {
  return emulator.requestLog().map((entry) => `${entry.method} ${entry.path}`);
}

async function fixedAccount() {
  const report = await runDoctor({ stripe, plans, webhookUrl, fix: true, secretKey: emulator.secretKey });
  expect(report.ok).toBe(true);
  return report;
}

describe('runDoctor against the emulator', () => {
  it('reports the missing portal configuration and webhook endpoint on a fresh account', async () => {
    const report = await runDoctor({
      stripe,
      plans,
      webhookUrl,
      retentionCouponId,
      secretKey: emulator.secretKey,
    });
    expect(report.ok).toBe(false);
    expect(errors(report).map((problem) => problem.id)).toEqual(['portal.configuration', 'webhook.endpoint']);
    expect(finding(report, 'portal.configuration')?.message).toMatch(/no customer portal configuration/i);
    expect(finding(report, 'webhook.endpoint')?.message).toContain(webhookUrl);
    expect(finding(report, 'key-mode')).toMatchObject({
      level: 'ok',
      message: expect.stringMatching(/test mode/),
    });
    expect(finding(report, 'prices')?.level).toBe('ok');
    expect(finding(report, 'currency')?.level).toBe('ok');
    expect(finding(report, 'products')?.level).toBe('ok');
    expect(finding(report, 'retention-coupon')?.level).toBe('ok');
    expect(report.portalConfigurationId).toBeUndefined();
    expect(formatDoctorReport(report)).toMatch(/^✗ .*portal configuration/m);

    const calls = doctorCalls();
    expect(calls.filter((call) => call === 'GET /v1/prices')).toHaveLength(1);
    expect(calls).toHaveLength(4);
  });

  it('fixes the portal configuration and the webhook endpoint, and the re-check is clean', async () => {
    const report = await fixedAccount();
    expect(report.portalConfigurationId).toMatch(/^bpc_/);
    expect(report.webhookEndpoint?.id).toMatch(/^we_/);
    expect(report.webhookEndpoint?.secret).toMatch(/^whsec_/);
    expect(finding(report, 'portal')).toMatchObject({ level: 'ok', fixed: true });
    expect(finding(report, 'webhook')).toMatchObject({ level: 'ok', fixed: true });

    const configuration = await stripe.billingPortal.configurations.retrieve(report.portalConfigurationId!, {
      expand: ['features.subscription_update.products'],
    });
    expect(configuration.login_page.enabled).toBe(true);
    expect(configuration.features.subscription_cancel.cancellation_reason.options).toHaveLength(8);
    expect(configuration.features.subscription_update.default_allowed_updates).toEqual(
      expect.arrayContaining(['price', 'quantity']),
    );
    const products = configuration.features.subscription_update.products ?? [];
    expect(products.map((product) => product.product).sort()).toEqual([
      'prod_pro',
      'prod_starter',
      'prod_team',
    ]);
    expect(products.every((product) => product.prices.length === 2)).toBe(true);

    const endpoint = await stripe.webhookEndpoints.retrieve(report.webhookEndpoint!.id);
    expect(endpoint.url).toBe(webhookUrl);
    expect(endpoint.enabled_events).toEqual(expect.arrayContaining([...requiredWebhookEvents]));

    // A later run without the id finds what the fix created, and has nothing left to say.
    const again = await runDoctor({ stripe, plans, webhookUrl, secretKey: emulator.secretKey });
    expect(again.findings.filter((item) => item.level !== 'ok')).toEqual([]);
    expect(again.portalConfigurationId).toBe(report.portalConfigurationId);
  });

  it('names a lookup key that matches no price', async () => {
    const typo = definePlans({
      plans: { pro: { prices: { month: 'pro_montly', year: 'pro_yearly' } } },
    });
    const report = await runDoctor({ stripe, plans: typo, webhookUrl, fix: true });
    const problem = finding(report, 'price.plan.pro.month');
    expect(problem?.level).toBe('error');
    expect(problem?.message).toBe(
      'The plan "pro" (month) points at lookup key "pro_montly", but no such price exists in this Stripe account.',
    );
    expect(report.ok).toBe(false);
  });

  it('reports a price listed under the wrong interval', async () => {
    const swapped = definePlans({ plans: { pro: { prices: { month: 'pro_yearly' } } } });
    const report = await runDoctor({ stripe, plans: swapped });
    const problem = finding(report, 'price.plan.pro.month');
    expect(problem?.level).toBe('error');
    expect(problem?.message).toMatch(
      /lookup key "pro_yearly"\), but that price bills every year, not every month\./,
    );
  });

  it('reports a tiered price: Plankit shows and sells a fixed unit amount', async () => {
    await stripe.prices.create({
      product: 'prod_pro',
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      tiers: [
        { up_to: 10, unit_amount: 2900 },
        { up_to: 'inf', unit_amount: 2500 },
      ],
      recurring: { interval: 'month' },
      lookup_key: 'pro_monthly_tiered',
    });
    const tiered = definePlans({ plans: { pro: { prices: { month: 'pro_monthly_tiered' } } } });
    const report = await runDoctor({ stripe, plans: tiered });
    const problem = finding(report, 'price.plan.pro.month');
    expect(problem?.level).toBe('error');
    expect(problem?.message).toMatch(
      /lookup key "pro_monthly_tiered"\), which has no whole-cent unit amount \(a tiered price, or one priced in fractions of a cent\); Plankit sells per-unit prices with a fixed unit amount\./,
    );
  });

  it('reports a plan whose add-on bills in another currency', async () => {
    await stripe.prices.create({
      product: 'prod_analytics',
      currency: 'eur',
      unit_amount: 500,
      recurring: { interval: 'month' },
      lookup_key: 'analytics_monthly_eur',
    });
    const mixed = definePlans({
      plans: { pro: { prices: { month: 'pro_monthly' }, addOns: ['analytics'] } },
      addOns: { analytics: { prices: { month: 'analytics_monthly_eur' } } },
    });
    const report = await runDoctor({ stripe, plans: mixed });
    const problem = finding(report, 'currency.pro.month');
    expect(problem?.level).toBe('error');
    expect(problem?.message).toBe(
      'Plan "pro" (month) mixes currencies: USD (plan pro), EUR (add-on analytics). One subscription bills in one currency.',
    );
  });

  it('warns when the portal login link is off, and --fix turns it back on', async () => {
    const { portalConfigurationId } = await fixedAccount();
    await stripe.billingPortal.configurations.update(portalConfigurationId!, {
      login_page: { enabled: false },
    });
    const report = await runDoctor({ stripe, plans, webhookUrl });
    expect(report.ok).toBe(true);
    expect(finding(report, 'portal.login-page')).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/login link is off/),
    });
    const fixed = await runDoctor({ stripe, plans, webhookUrl, fix: true });
    expect(finding(fixed, 'portal.login-page')).toBeUndefined();
    expect(finding(fixed, 'portal')).toMatchObject({ level: 'ok', fixed: true });
  });

  it('lists the cancellation reasons a configuration does not offer', async () => {
    const { portalConfigurationId } = await fixedAccount();
    await stripe.billingPortal.configurations.update(portalConfigurationId!, {
      features: {
        subscription_cancel: {
          cancellation_reason: { enabled: true, options: ['too_expensive', 'unused', 'other'] },
        },
      },
    });
    const report = await runDoctor({
      stripe,
      plans,
      webhookUrl,
      portal: { configuration: portalConfigurationId! },
    });
    expect(report.ok).toBe(false);
    expect(finding(report, 'portal.cancellation-reasons')?.message).toBe(
      "The portal's cancellation survey lacks 5 reasons: missing_features, switched_service, customer_service, too_complex, low_quality.",
    );
  });

  it('reports a per-seat plan whose product has no unit label', async () => {
    await stripe.products.update('prod_team', { unit_label: '' });
    const report = await runDoctor({ stripe, plans });
    expect(finding(report, 'product.prod_team')).toMatchObject({
      level: 'warning',
      message: 'Product "Team" (prod_team) is sold per seat (team) but has no unit label.',
    });
  });

  it('reports an unknown retention coupon', async () => {
    const report = await runDoctor({ stripe, plans, retentionCouponId: 'nope' });
    expect(finding(report, 'retention-coupon')).toMatchObject({
      level: 'error',
      message: 'The retention coupon nope does not exist; the retention offer would fail.',
    });
  });
});
