/** Currencies whose amounts have no minor unit (Stripe's list of zero-decimal currencies). */
export const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);

/** Formats an amount in the smallest currency unit for display on the hosted pages, in a BCP 47 locale. */
export function formatAmount(amount: number, currency: string, locale = 'en-US'): string {
  const zero = ZERO_DECIMAL.has(currency.toLowerCase());
  const value = zero ? amount : amount / 100;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: currency.toUpperCase() }).format(
      value,
    );
  } catch {
    return `${value.toFixed(zero ? 0 : 2)} ${currency.toUpperCase()}`;
  }
}
