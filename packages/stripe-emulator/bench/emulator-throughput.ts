/**
 * SDK calls per second against the emulator: a retrieve, a list and a subscription create.
 * Run: pnpm exec tsx packages/stripe-emulator/bench/emulator-throughput.ts [seconds-per-case]
 * Sequential calls over one keep-alive client, so the figure is latency-bound (the SDK's own overhead included).
 */
import Stripe from 'stripe';
import { startEmulator } from '../src/index.js';

const seconds = Number(process.argv[2] ?? 3);

async function measure(
  name: string,
  call: () => Promise<unknown>,
): Promise<{ name: string; perSecond: number; calls: number }> {
  for (let i = 0; i < 20; i++) await call();
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  while (performance.now() < end) {
    await call();
    calls++;
  }
  return { name, perSecond: Math.round(calls / seconds), calls };
}

const emulator = await startEmulator({
  seed: {
    products: [
      {
        id: 'prod_bench',
        name: 'Bench',
        prices: [{ id: 'price_bench', currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } }],
      },
    ],
  },
});
const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
const customer = await stripe.customers.create({
  email: 'bench@example.com',
  payment_method: 'pm_card_visa',
  invoice_settings: { default_payment_method: 'pm_card_visa' },
});
for (let i = 0; i < 50; i++) await stripe.customers.create({ email: `c${i}@example.com` });

const results = [
  await measure('customers.retrieve', () => stripe.customers.retrieve(customer.id)),
  await measure('customers.list (limit 10)', () => stripe.customers.list({ limit: 10 })),
  await measure('subscriptions.create', () =>
    stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_bench' }] }),
  ),
];
await emulator.close();
console.log(JSON.stringify({ node: process.version, seconds, results }, null, 2));
