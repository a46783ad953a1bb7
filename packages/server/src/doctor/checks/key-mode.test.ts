import { describe, expect, it } from 'vitest';
import { checkKeyMode } from './key-mode';

describe('checkKeyMode', () => {
  it.each([
    ['sk_test_123', 'ok', /test mode/],
    ['sk_live_123', 'ok', /live mode/],
    ['rk_test_123', 'warning', /Restricted key in test mode/],
    ['rk_live_123', 'warning', /Restricted key in live mode/],
    ['pk_test_123', 'error', /publishable key/],
    ['whsec_123', 'error', /does not look like a Stripe secret key/],
    ['  ', 'error', /empty/],
  ] as const)('%s is %s', (key, level, message) => {
    const [finding] = checkKeyMode(key, null);
    expect(finding?.level).toBe(level);
    expect(finding?.message).toMatch(message);
  });

  it('reads the mode from the account when the key is not given', () => {
    expect(checkKeyMode(undefined, false)[0]?.message).toMatch(/test mode/);
    expect(checkKeyMode(undefined, true)[0]?.message).toMatch(/live mode/);
    expect(checkKeyMode(undefined, null)).toEqual([]);
  });
});
