import type { BillingInterval, PlanCatalogConfig } from '@plankit/core';
import type { ResolvedCatalogPrice } from '../catalog-prices';
import type { DoctorFinding } from '../types';

function priceFor(
  resolved: readonly ResolvedCatalogPrice[],
  owner: 'plan' | 'addOn',
  key: string,
  interval: BillingInterval,
): ResolvedCatalogPrice | undefined {
  return resolved.find((ref) => ref.owner === owner && ref.key === key && ref.interval === interval);
}

function listCurrencies(entries: readonly { label: string; currency: string }[]): string {
  return entries.map((entry) => `${entry.currency.toUpperCase()} (${entry.label})`).join(', ');
}

/**
 * One subscription bills in one currency (seed 001), so a plan's price and its add-ons' prices for the same
 * interval must agree. A plan whose intervals differ in currency is legal but confuses the pricing table's toggle.
 */
export function checkCurrencies(
  catalog: PlanCatalogConfig,
  resolved: readonly ResolvedCatalogPrice[],
): DoctorFinding[] {
  const problems: DoctorFinding[] = [];
  for (const plan of catalog.plans) {
    const intervalCurrencies = new Set<string>();
    for (const interval of Object.keys(plan.prices) as BillingInterval[]) {
      const planPrice = priceFor(resolved, 'plan', plan.key, interval)?.price;
      if (!planPrice) continue;
      intervalCurrencies.add(planPrice.currency);
      const entries = [{ label: `plan ${plan.key}`, currency: planPrice.currency }];
      for (const addOnKey of plan.addOns) {
        const addOnPrice = priceFor(resolved, 'addOn', addOnKey, interval)?.price;
        if (addOnPrice) entries.push({ label: `add-on ${addOnKey}`, currency: addOnPrice.currency });
      }
      if (new Set(entries.map((entry) => entry.currency)).size > 1) {
        problems.push({
          id: `currency.${plan.key}.${interval}`,
          level: 'error',
          message: `Plan "${plan.key}" (${interval}) mixes currencies: ${listCurrencies(entries)}. One subscription bills in one currency.`,
          hint: 'Use prices in the same currency for the plan and its add-ons.',
        });
      }
    }
    if (intervalCurrencies.size > 1) {
      problems.push({
        id: `currency.${plan.key}`,
        level: 'warning',
        message: `Plan "${plan.key}" is priced in ${[...intervalCurrencies].map((c) => c.toUpperCase()).join(' and ')} depending on the interval.`,
        hint: 'Customers switching intervals would change currency; Stripe refuses that on an existing subscription.',
      });
    }
  }
  if (problems.length > 0) return problems;
  return [{ id: 'currency', level: 'ok', message: 'Each plan and its add-ons agree on one currency.' }];
}
