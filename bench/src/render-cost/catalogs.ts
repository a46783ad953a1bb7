import type { Catalog, PlansInput } from '@plankit/core';
import { startEmulator } from '@plankit/stripe-emulator';
import { planConfig, seedCatalog } from '@plankit/test-utils';
import { callRoute, createBilling } from '../stripe-calls/billing-fixture';

type SeedProduct = NonNullable<typeof seedCatalog.products>[number];

/** A catalog of `count` plans, monthly and yearly, every third one per seat, the fifth highlighted with a trial. */
function generatedCatalog(count: number): { seed: { products: SeedProduct[] }; plans: PlansInput } {
  const products: SeedProduct[] = [];
  const plans: PlansInput['plans'] = {};
  for (let index = 1; index <= count; index++) {
    const key = `plan${index}`;
    const perSeat = index % 3 === 0;
    products.push({
      id: `prod_${key}`,
      name: `Plan ${index}`,
      description: `Plan number ${index}, for benchmarking.`,
      ...(perSeat ? { unit_label: 'seat' } : {}),
      prices: [
        {
          lookup_key: `${key}_monthly`,
          currency: 'usd',
          unit_amount: 500 * index,
          recurring: { interval: 'month' },
        },
        {
          lookup_key: `${key}_yearly`,
          currency: 'usd',
          unit_amount: 5000 * index,
          recurring: { interval: 'year' },
        },
      ],
    } as SeedProduct);
    plans[key] = {
      prices: { month: `${key}_monthly`, year: `${key}_yearly` },
      features: [`${index * 5} projects`, `${index} GB storage`, 'Email support'],
      ...(perSeat ? { seats: { min: 1, max: 100 } } : {}),
      ...(index === 5 ? { highlight: true, trialDays: 14 } : {}),
    };
  }
  return { seed: { products }, plans: { plans } };
}

/** The catalog Plankit's server answers on `GET /plans` (the exact JSON the React kit renders). */
async function servedCatalog(seed: { products: SeedProduct[] }, plans: PlansInput): Promise<Catalog> {
  const emulator = await startEmulator({ seed });
  try {
    const reply = await callRoute(createBilling(emulator, plans), '/plans', 'visitor');
    if (reply.status !== 200) throw new Error(`GET /plans answered ${reply.status}`);
    return reply.json as unknown as Catalog;
  } finally {
    await emulator.close();
  }
}

/** The test catalog (3 plans) and a generated one with 20 plans, as served. */
export async function benchCatalogs(): Promise<Record<'3' | '20', Catalog>> {
  const twenty = generatedCatalog(20);
  return {
    '3': await servedCatalog(seedCatalog as { products: SeedProduct[] }, planConfig),
    '20': await servedCatalog(twenty.seed, twenty.plans),
  };
}
