import type { ResolvedCatalogPrice } from '../catalog-prices';
import { describeRef, describeSelector } from '../catalog-prices';
import type { DoctorFinding } from '../types';

/**
 * Every price the catalog names exists, is active, recurring and per unit (a fixed unit amount: the pricing table
 * shows it), and bills at the interval it is listed under (once per month or year: the pricing table says "per
 * month", so a quarterly price would mislead).
 */
export function checkPrices(resolved: readonly ResolvedCatalogPrice[]): DoctorFinding[] {
  const problems: DoctorFinding[] = [];
  for (const ref of resolved) {
    const id = `price.${ref.owner === 'plan' ? 'plan' : 'add-on'}.${ref.key}.${ref.interval}`;
    const where = describeRef(ref);
    const what = describeSelector(ref.selector);
    const price = ref.price;
    if (!price) {
      problems.push({
        id,
        level: 'error',
        message: `The ${where} points at ${what}, but no such price exists in this Stripe account.`,
        hint:
          'lookupKey' in ref.selector
            ? 'Set that lookup key on the price in Stripe, or correct it in your plan config (test and live mode have separate prices).'
            : 'Correct the price id in your plan config; ids differ between test and live mode, lookup keys need not.',
      });
      continue;
    }
    if (!price.active) {
      problems.push({
        id,
        level: 'error',
        message: `The ${where} uses ${price.id} (${what}), which is archived; new subscriptions cannot use it.`,
        hint: 'Unarchive it, or point the plan at an active price.',
      });
    }
    if (price.type !== 'recurring' || !price.recurring) {
      problems.push({
        id,
        level: 'error',
        message: `The ${where} uses ${price.id} (${what}), a one-time price; plans need recurring prices.`,
        hint: `Create a recurring price billed every ${ref.interval}.`,
      });
      continue;
    }
    const { interval, interval_count: count, usage_type: usage } = price.recurring;
    if (interval !== ref.interval || count !== 1) {
      problems.push({
        id,
        level: 'error',
        message: `The ${where} uses ${price.id} (${what}), but that price bills every ${count === 1 ? interval : `${count} ${interval}s`}, not every ${ref.interval}.`,
        hint: `List it under ${count === 1 ? interval : 'the matching interval'} in your plan config, or use a price billed every ${ref.interval}.`,
      });
    }
    if (price.unit_amount === null) {
      problems.push({
        id,
        level: 'error',
        message: `The ${where} uses ${price.id} (${what}), which has no whole-cent unit amount (a tiered price, or one priced in fractions of a cent); Plankit sells per-unit prices with a fixed unit amount.`,
        hint: 'Use a per-unit recurring price with a whole-cent unit amount.',
      });
    }
    if (usage === 'metered') {
      problems.push({
        id,
        level: 'error',
        message: `The ${where} uses ${price.id} (${what}), a metered (usage-based) price; Plankit sells licensed prices with a quantity.`,
        hint: 'Use a licensed recurring price.',
      });
    }
  }
  if (problems.length > 0) return problems;
  return [
    {
      id: 'prices',
      level: 'ok',
      message: `All ${resolved.length} prices of the catalog exist, are active and bill at their configured interval.`,
    },
  ];
}
