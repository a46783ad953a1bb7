import { describe, expect, test } from 'vitest';
import { makeBilling, useEmulator } from './harness';

const env = useEmulator();

describe('billing.doctor()', () => {
  test('runs the setup check with the server options (prices found, findings in plain language)', async () => {
    const billing = makeBilling(env.emulator, { retention: { couponId: 'retention_25' } });
    const report = await billing.doctor();
    expect(report.findings.length).toBeGreaterThan(0);
    const levels = Object.fromEntries(report.findings.map((finding) => [finding.id, finding.level]));
    expect(levels).toMatchObject({ prices: 'ok', 'retention-coupon': 'ok' });
    expect(report.findings.every((finding) => finding.message.length > 0)).toBe(true);
  });
});
