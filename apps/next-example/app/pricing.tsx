import { PlankitProvider, PricingTable } from '@plankit/react';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { billing } from '../lib/billing';
import { userFromCookieHeader } from '../lib/session';

// A Server Component: the first HTML already shows the plans and, for a subscriber, "Current plan".
export async function Pricing() {
  // Rendered per request: the billing read checks its cache's age, and Next.js refuses a clock read while it
  // prerenders unless the component has opted out first (headers() alone is not enough since Next.js 16.3).
  await connection();
  const requestHeaders = await headers();
  const user = userFromCookieHeader(requestHeaders.get('cookie'));
  const initialData = await billing.initialData(requestHeaders);
  return (
    <PlankitProvider initialData={initialData} userKey={user?.userId ?? null} timeZone="UTC">
      <PricingTable returnTo="/billing/return" />
    </PlankitProvider>
  );
}
