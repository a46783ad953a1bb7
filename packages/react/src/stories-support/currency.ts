/** The currencies of the toolbar: two with cents and one zero-decimal currency (amounts in whole yen). */
export const storyCurrencies = ['usd', 'eur', 'jpy'] as const;

export type StoryCurrency = (typeof storyCurrencies)[number];

// Fixtures are written in US cents. EUR keeps the figures; JPY has no minor unit, so cents become whole yen
// at a round 1.5 yen per cent (900 cents -> ¥1,350), which shows the zero-decimal formatting.
const amountKeys = new Set(['unitAmount', 'amountOff', 'dueNow', 'amount']);

function convertAmount(cents: number, currency: StoryCurrency): number {
  return currency === 'jpy' ? Math.round((cents * 1.5) / 10) * 10 : cents;
}

/** A copy of a response body with every amount and currency in `currency` (the schemas re-check it). */
export function inCurrency<T>(value: T, currency: StoryCurrency): T {
  if (currency === 'usd') return value;
  const walk = (node: unknown, key?: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => walk(item));
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, walk(child, name)]));
    }
    if (key === 'currency' && node === 'usd') return currency;
    if (key && amountKeys.has(key) && typeof node === 'number') return convertAmount(node, currency);
    return node;
  };
  return walk(value) as T;
}
