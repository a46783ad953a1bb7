import { startEmulator } from '@plankit/stripe-emulator';
import Stripe from 'stripe';

export interface ThroughputCase {
  operation: string;
  operationsPerSecond: number;
  calls: number;
  /** Mean milliseconds per call. */
  meanMs: number;
}

export interface ThroughputReport {
  secondsPerCase: number;
  cases: ThroughputCase[];
}

async function measure(
  operation: string,
  seconds: number,
  call: () => Promise<unknown>,
): Promise<ThroughputCase> {
  for (let i = 0; i < 20; i++) await call();
  const start = performance.now();
  const end = start + seconds * 1000;
  let calls = 0;
  while (performance.now() < end) {
    await call();
    calls++;
  }
  const elapsed = performance.now() - start;
  return {
    operation,
    operationsPerSecond: Math.round((calls * 1000) / elapsed),
    calls,
    meanMs: Math.round((elapsed / calls) * 1000) / 1000,
  };
}

/**
 * SDK operations per second against the emulator, the way the test suite drives it: the real `stripe` SDK over
 * loopback HTTP, one call at a time on a keep-alive client (latency-bound, the SDK's own overhead included).
 * Same approach as packages/stripe-emulator/bench/emulator-throughput.ts.
 */
export async function measureEmulatorThroughput(secondsPerCase = 3): Promise<ThroughputReport> {
  const emulator = await startEmulator({
    seed: {
      products: [
        {
          id: 'prod_bench',
          name: 'Bench',
          prices: [
            { id: 'price_bench', currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' } },
          ],
        },
      ],
    },
  });
  try {
    const stripe = new Stripe(emulator.secretKey, { ...emulator.stripeConfig, maxNetworkRetries: 0 });
    const customer = await stripe.customers.create({
      email: 'bench@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    for (let i = 0; i < 50; i++) await stripe.customers.create({ email: `c${i}@example.com` });
    return {
      secondsPerCase,
      cases: [
        await measure('customers.retrieve', secondsPerCase, () => stripe.customers.retrieve(customer.id)),
        await measure('customers.list (limit 10, 51 customers)', secondsPerCase, () =>
          stripe.customers.list({ limit: 10 }),
        ),
        await measure('subscriptions.create (invoice paid with a card)', secondsPerCase, () =>
          stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_bench' }] }),
        ),
      ],
    };
  } finally {
    await emulator.close();
  }
}
