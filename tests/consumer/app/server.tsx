// The throwaway app's server: the published packages only, the emulator one option away, server rendering with
// initialData. Run after the build; prints the HTML.
import { definePlans } from '@plankit/core';
import { PlankitProvider, PricingTable } from '@plankit/react';
import { createPlankit } from '@plankit/server';
import { startEmulator } from '@plankit/stripe-emulator';
import { renderToString } from 'react-dom/server';

const emulator = await startEmulator({
  port: 0,
  seed: {
    products: [
      {
        id: 'prod_starter',
        name: 'Starter',
        prices: [
          {
            lookup_key: 'starter_monthly',
            currency: 'usd',
            unit_amount: 900,
            recurring: { interval: 'month' },
          },
        ],
      },
    ],
  },
});
const billing = createPlankit({
  secretKey: emulator.secretKey,
  stripeApiUrl: emulator.url,
  identify: (request) => (request.headers.get('x-user') ? { userId: 'u_1', email: 'ada@example.com' } : null),
  plans: definePlans({ plans: { starter: { prices: { month: 'starter_monthly' } } } }),
  allowedOrigins: ['http://localhost:3000'],
});
const initialData = await billing.initialData({ 'x-user': '1' });
console.log(
  renderToString(
    <PlankitProvider initialData={initialData} userKey="u_1" timeZone="UTC">
      <PricingTable />
    </PlankitProvider>,
  ),
);
await emulator.close();
