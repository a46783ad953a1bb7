import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cancellationReasons, definePlans, type PlansInput } from '@plankit/core';
import { type EmulatorSeed, startEmulator } from '@plankit/stripe-emulator';
import { planConfig, seedCatalog } from '@plankit/test-utils';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doctorCommand } from './doctor-command';
import { type DoctorReport, runDoctor } from './index';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const seed = seedCatalog as unknown as EmulatorSeed;
const plans = definePlans(planConfig as PlansInput);
const webhookUrl = 'https://app.example.com/api/billing/webhook';

let emulator: Emulator;
let stripe: Stripe;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0, seed });
  stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig });
  dir = await mkdtemp(join(tmpdir(), 'plankit-doctor-safety-'));
  await writeFile(join(dir, 'plans.json'), JSON.stringify(planConfig));
});

afterEach(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function finding(report: DoctorReport, id: string) {
  return report.findings.find((candidate) => candidate.id === id);
}

async function priceIds(product: string): Promise<string[]> {
  return (await stripe.prices.list({ product })).data.map((price) => price.id);
}

describe('plankit doctor and the portal quantity settings (issue 15.11)', () => {
  it('flags seat bounds unlike the catalog and a plan that can be bought several times; --fix corrects both', async () => {
    const created = await stripe.billingPortal.configurations.create({
      features: {
        subscription_cancel: {
          enabled: true,
          cancellation_reason: {
            enabled: true,
            options: [...cancellationReasons],
          },
        },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ['price', 'quantity'],
          proration_behavior: 'create_prorations',
          products: [
            {
              product: 'prod_starter',
              prices: await priceIds('prod_starter'),
              adjustable_quantity: { enabled: true },
            },
            { product: 'prod_pro', prices: await priceIds('prod_pro') },
            {
              product: 'prod_team',
              prices: await priceIds('prod_team'),
              adjustable_quantity: { enabled: true, minimum: 1, maximum: 99 },
            },
          ],
        },
        payment_method_update: { enabled: true },
        invoice_history: { enabled: true },
      },
      login_page: { enabled: true },
    });
    const portal = { configuration: created.id };
    const report = await runDoctor({ stripe, plans, portal });
    expect(report.ok).toBe(false);
    const message = finding(report, 'portal.products')?.message ?? '';
    expect(message).toContain('prod_starter is not sold per seat, but the portal lets customers buy several');
    expect(message).toContain(
      'the quantity of prod_team may be 1 to 99 in the portal, but the plan sells 2 to 50 seats',
    );
    const fixed = await runDoctor({ stripe, plans, portal, fix: true });
    expect(fixed.ok).toBe(true);
    const configuration = await stripe.billingPortal.configurations.retrieve(
      fixed.portalConfigurationId as string,
      {
        expand: ['features.subscription_update.products'],
      },
    );
    const byProduct = Object.fromEntries(
      (configuration.features.subscription_update.products ?? []).map((product) => [
        product.product,
        product.adjustable_quantity,
      ]),
    );
    expect(byProduct.prod_team).toMatchObject({ enabled: true, minimum: 2, maximum: 50 });
    expect(byProduct.prod_starter?.enabled).toBe(false);
    expect(byProduct.prod_pro?.enabled).toBe(false);
  });

  it('--fix says so when it turns on the portal email login page', async () => {
    const report = await runDoctor({ stripe, plans, fix: true });
    expect(finding(report, 'portal.login-page.enabled')).toMatchObject({
      level: 'warning',
      fixed: true,
      message: expect.stringMatching(/^Turned on the portal's email login page/),
    });
    // Already on: nothing to say the next time.
    const again = await runDoctor({ stripe, plans, fix: true });
    expect(finding(again, 'portal.login-page.enabled')).toBeUndefined();
  });
});

describe('plankit doctor command safety (issue 15.11)', () => {
  const emulatorUrl = () => `http://127.0.0.1:${emulator.stripeConfig.port}`;

  it('--json leaves a new webhook signing secret out unless --show-secret', async () => {
    const env = { STRIPE_SECRET_KEY: emulator.secretKey };
    const quiet = await doctorCommand(
      ['--fix', '--json', '--emulator', emulatorUrl(), '--webhook-url', webhookUrl],
      env,
      dir,
    );
    expect(quiet.code).toBe(0);
    expect(quiet.output).not.toMatch(/whsec_/);
    expect(JSON.parse(quiet.output).webhookEndpoint.id).toMatch(/^we_/);
    await stripe.webhookEndpoints.del(JSON.parse(quiet.output).webhookEndpoint.id);
    const shown = await doctorCommand(
      ['--fix', '--json', '--show-secret', '--emulator', emulatorUrl(), '--webhook-url', webhookUrl],
      env,
      dir,
    );
    expect(JSON.parse(shown.output).webhookEndpoint.secret).toMatch(/^whsec_/);
  });

  it('--emulator refuses plain http to anything but loopback, before any request', async () => {
    const env = { STRIPE_SECRET_KEY: emulator.secretKey };
    for (const url of ['http://10.0.0.5:12111', 'http://emulator.example.com', 'http://127.0.0.1.nip.io:1']) {
      const result = await doctorCommand(['--emulator', url], env, dir);
      expect(result.code, url).toBe(2);
      expect(result.output).toMatch(/plain http only to loopback/);
    }
    emulator.clearRequestLog();
    const local = await doctorCommand(['--emulator', emulatorUrl()], env, dir);
    expect(local.code).toBe(1); // reaches the emulator (no portal configuration yet)
    expect(emulator.requestLog().length).toBeGreaterThan(0);
  });
});
