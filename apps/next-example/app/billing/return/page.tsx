import { BillingReturn, PlankitProvider } from '@plankit/react';
import { headers } from 'next/headers';
import { Suspense } from 'react';
import { userFromCookieHeader } from '../../../lib/session';

// Checkout's success URL (the pricing table's `returnTo`): <BillingReturn> asks the server to sync the caller's
// billing state now, so the page says "Your subscription is active" without waiting for Stripe's webhooks.
async function CheckoutReturn() {
  const user = userFromCookieHeader((await headers()).get('cookie'));
  return (
    <PlankitProvider userKey={user?.userId ?? null} timeZone="UTC">
      <BillingReturn from="checkout" continueTo="/" />
    </PlankitProvider>
  );
}

export default function CheckoutReturnPage() {
  return (
    <main>
      <h1>Billing</h1>
      <Suspense fallback={<p>…</p>}>
        <CheckoutReturn />
      </Suspense>
    </main>
  );
}
