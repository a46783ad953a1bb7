import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPortalConfigurationId, startEmulator } from '../src/index.js';
import { catalog } from './helpers.js';

describe('persistence, seed, control API and start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts fast (bound is generous; see README for the measured figure)', async () => {
    const started = performance.now();
    const emulator = await startEmulator({ seed: catalog });
    const elapsed = performance.now() - started;
    await emulator.close();
    expect(elapsed).toBeLessThan(2000);
  });

  it('keeps state across a restart with the same persist file', async () => {
    const file = join(dir, 'state.json');
    const first = await startEmulator({ persist: file, seed: catalog });
    const stripe = new Stripe(first.secretKey, { ...first.stripeConfig, maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({ email: 'persist@example.com' });
    first.advanceClock(3600);
    const now = first.now();
    await first.close();
    const second = await startEmulator({ persist: file, seed: catalog });
    const again = new Stripe(second.secretKey, { ...second.stripeConfig, maxNetworkRetries: 0 });
    const found = await again.customers.retrieve(customer.id);
    expect('email' in found ? found.email : null).toBe('persist@example.com');
    expect((await again.prices.list({ lookup_keys: ['basic_month'] })).data).toHaveLength(1);
    expect(second.now()).toBeGreaterThanOrEqual(now);
    await second.close();
  });

  it('exposes reset, seed, clock, faults and the request log over /_emulator', async () => {
    const emulator = await startEmulator();
    const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${emulator.url}/_emulator${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    await call('POST', '/seed', catalog);
    expect((await stripe.products.list()).data.map((p) => p.id).sort()).toEqual(['prod_basic', 'prod_pro']);
    const before = emulator.now();
    const clock = (await (await call('POST', '/clock/advance', { seconds: 86_400 })).json()) as {
      now: number;
    };
    expect(clock.now).toBeGreaterThanOrEqual(before + 86_400);
    await call('POST', '/faults', { fault: 'rate_limit', match: { path: '/v1/products' } });
    await expect(stripe.products.list()).rejects.toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    const log = (await (await call('GET', '/requests')).json()) as {
      data: Array<{ path: string; status: number }>;
    };
    expect(log.data.map((r) => r.path)).toEqual(['/v1/products', '/v1/products']);
    expect(log.data.every((r) => r.path.startsWith('/v1/'))).toBe(true);
    await call('DELETE', '/requests');
    expect(emulator.requestLog()).toHaveLength(0);
    await call('POST', '/reset');
    expect((await stripe.products.list()).data).toHaveLength(0);
    await emulator.close();
  });

  it('seeds a default portal configuration with the same id after a restart, a reset and a re-seed', async () => {
    const ids: string[] = [];
    for (let run = 0; run < 2; run++) {
      const emulator = await startEmulator({ seed: { ...catalog, billing_portal_configuration: true } });
      const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
      const defaults = await stripe.billingPortal.configurations.list({ is_default: true });
      expect(defaults.data).toHaveLength(1);
      const [config] = defaults.data;
      ids.push(config?.id ?? '');
      // What an untouched Dashboard save gives: cancel with the survey, cards, invoices; no plan switching.
      expect(config?.features.subscription_cancel).toMatchObject({ enabled: true, mode: 'at_period_end' });
      expect(config?.features.subscription_cancel.cancellation_reason.options).toHaveLength(8);
      expect(config?.features.payment_method_update.enabled).toBe(true);
      expect(config?.features.invoice_history.enabled).toBe(true);
      expect(config?.features.subscription_update.enabled).toBe(false);
      // A portal session without `configuration` uses it.
      const customer = await stripe.customers.create({ email: 'portal@example.com' });
      const session = await stripe.billingPortal.sessions.create({ customer: customer.id });
      expect(session.configuration).toBe(defaultPortalConfigurationId);
      emulator.reset();
      await emulator.loadSeed({
        billing_portal_configuration: { features: { invoice_history: { enabled: true } } },
      });
      const after = await stripe.billingPortal.configurations.list();
      expect(after.data.map((c) => [c.id, c.is_default])).toEqual([[defaultPortalConfigurationId, true]]);
      expect(after.data[0]?.features.subscription_cancel.enabled).toBe(false);
      await emulator.close();
    }
    expect(ids).toEqual([defaultPortalConfigurationId, defaultPortalConfigurationId]);
  });

  it('makes no portal configuration when the seed has none, as on a fresh Stripe account', async () => {
    const emulator = await startEmulator({ seed: catalog });
    const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
    expect((await stripe.billingPortal.configurations.list()).data).toHaveLength(0);
    await emulator.close();
  });
});
