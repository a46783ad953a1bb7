import { seedCatalog } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import { call, makeBilling, useEmulator } from './harness';

// A fresh account: the catalog, but nobody has saved the customer portal settings yet.
const env = useEmulator({ seed: seedCatalog });

function expectNotConfigured(reply: { status: number; json: { error: { code: string } } }, log: string[]) {
  expect(reply.status).toBe(409);
  expect(reply.json.error.code).toBe('portal_not_configured');
  // The browser learns nothing about the account; the log says how to fix it.
  expect(JSON.stringify(reply.json)).not.toMatch(/dashboard|bpc_/i);
  expect(log.join('\n')).toMatch(/plankit doctor --fix/);
  expect(log.join('\n')).toMatch(/portal\.configuration/);
}

describe('no customer portal configuration', () => {
  test('without a default configuration, /portal answers 409 portal_not_configured and logs the fix', async () => {
    const billing = makeBilling(env.emulator);
    const reply = await call(billing, '/portal', { flow: 'homepage' }, { user: 'alice' });
    expectNotConfigured(reply, billing.log);
    expect(billing.log.join('\n')).toMatch(/no default customer portal configuration/i);
  });

  test('a configuration id Stripe does not know is portal_not_configured too', async () => {
    const billing = makeBilling(env.emulator, { portal: { configuration: 'bpc_missing' } });
    const reply = await call(billing, '/portal', { flow: 'homepage' }, { user: 'alice' });
    expectNotConfigured(reply, billing.log);
    expect(billing.log.join('\n')).toContain('bpc_missing');
  });

  test('a deactivated configuration is portal_not_configured', async () => {
    const config = await env.stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: true } },
    });
    await env.stripe.billingPortal.configurations.update(config.id, { active: false });
    const billing = makeBilling(env.emulator, { portal: { configuration: config.id } });
    const reply = await call(billing, '/portal', { flow: 'homepage' }, { user: 'alice' });
    expectNotConfigured(reply, billing.log);
  });
});
