import { BillingReturn, PlankitProvider } from '@plankit/react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { userFromCookieHeader } from '../../../lib/session';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Checkout's success URL (the pricing table's `returnTo`): <BillingReturn> asks the server to sync the caller's
// billing state now, so the page says "Your subscription is active" without waiting for Stripe's webhooks.
async function CheckoutReturn({ searchParams }: { searchParams: SearchParams }) {
  // Checkout's cancel URL is the same address with `checkout=canceled`: back to the plans, nothing to wait for.
  if ((await searchParams).checkout === 'canceled') redirect('/');
  const user = userFromCookieHeader((await headers()).get('cookie'));
  return (
    <PlankitProvider userKey={user?.userId ?? null} timeZone="UTC">
      <BillingReturn from="checkout" continueTo="/" />
    </PlankitProvider>
  );
}

export default function CheckoutReturnPage({ searchParams }: { searchParams: SearchParams }) {
  return (
    <main>
      <h1>Billing</h1>
      <Suspense fallback={<p>…</p>}>
        <CheckoutReturn searchParams={searchParams} />
      </Suspense>
    </main>
  );
}
