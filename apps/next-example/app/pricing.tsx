import { PlankitProvider, PricingTable } from '@plankit/react';
import { headers } from 'next/headers';
import { billing } from '../lib/billing';
import { userFromCookieHeader } from '../lib/session';

// A Server Component: the first HTML already shows the plans and, for a subscriber, "Current plan".
export async function Pricing() {
  const requestHeaders = await headers();
  const user = userFromCookieHeader(requestHeaders.get('cookie'));
  const initialData = await billing.initialData(requestHeaders);
  return (
    <PlankitProvider initialData={initialData} userKey={user?.userId ?? null} timeZone="UTC">
      <PricingTable returnTo="/" />
    </PlankitProvider>
  );
}
