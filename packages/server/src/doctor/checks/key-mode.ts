import type { DoctorFinding } from '../types';

const id = 'key-mode';

/**
 * Reports which kind of key the server uses. Without the key itself, the mode is read from the account's
 * objects (`livemode` on the catalog's prices), so `billing.doctor()` still says which account it looked at.
 */
export function checkKeyMode(
  secretKey: string | undefined,
  observedLivemode: boolean | null,
): DoctorFinding[] {
  if (secretKey === undefined) {
    if (observedLivemode === null) return [];
    return [
      { id, level: 'ok', message: `Connected to Stripe in ${observedLivemode ? 'live' : 'test'} mode.` },
    ];
  }
  const key = secretKey.trim();
  if (key === '') {
    return [
      { id, level: 'error', message: 'The Stripe secret key is empty.', hint: 'Set STRIPE_SECRET_KEY.' },
    ];
  }
  if (key.startsWith('pk_')) {
    return [
      {
        id,
        level: 'error',
        message: 'This is a publishable key (pk_...); the server needs the secret key.',
        hint: 'Use the key that starts with sk_test_ or sk_live_ (Dashboard > Developers > API keys).',
      },
    ];
  }
  if (key.startsWith('sk_test_')) return [{ id, level: 'ok', message: 'Secret key in test mode.' }];
  if (key.startsWith('sk_live_')) {
    return [{ id, level: 'ok', message: 'Secret key in live mode: real customers and real money.' }];
  }
  if (key.startsWith('rk_test_') || key.startsWith('rk_live_')) {
    return [
      {
        id,
        level: 'warning',
        message: `Restricted key in ${key.startsWith('rk_live_') ? 'live' : 'test'} mode: calls fail where it lacks a permission.`,
        hint: 'Grant write access to Customers, Checkout Sessions, Subscriptions and Customer portal, and read access to Prices, Products, Coupons, Invoices and Webhook endpoints.',
      },
    ];
  }
  return [
    {
      id,
      level: 'error',
      message: 'The key does not look like a Stripe secret key (sk_test_..., sk_live_..., rk_...).',
      hint: 'Set STRIPE_SECRET_KEY to the secret key from Dashboard > Developers > API keys.',
    },
  ];
}
