import { describe, expect, it } from 'vitest';
import { doctorCommand } from './doctor-command';

describe('plankit doctor --proration-behavior', () => {
  it('refuses a value Stripe does not know, before any Stripe call', async () => {
    const result = await doctorCommand(
      ['--proration-behavior', 'prorate'],
      { STRIPE_SECRET_KEY: 'sk_test_x' },
      process.cwd(),
    );
    expect(result).toEqual({
      code: 2,
      output: '--proration-behavior "prorate" is not one of always_invoice, create_prorations, none.',
    });
  });

  it('lists the option in the usage', async () => {
    const result = await doctorCommand(['--help'], {}, process.cwd());
    expect(result.output).toMatch(/--proration-behavior <value> {3}how plan changes are billed/);
  });
});
