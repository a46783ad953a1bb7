import { BillingReturn } from '@plankit/react';
import { useEffect } from 'react';
import { PageHeading } from '../components/page-heading';
import { usePreferences } from '../preferences';
import { Link, redirect, useLocation } from '../router';

/**
 * Where Checkout returns (`/success?checkout=success&session_id=…`). The kit's BillingReturn asks the server to
 * sync with Stripe now (`POST /sync`) rather than waiting for the webhooks, shows "Activating your
 * subscription…" until the subscription is active, then the plan. The session id in the address is not shown:
 * the server knows the caller from the session cookie.
 */
export function SuccessPage() {
  const { m } = usePreferences();
  const location = useLocation();
  // Checkout's cancel URL is the same address with `checkout=canceled`: back to the plans.
  const canceled = location.searchParams.get('checkout') === 'canceled';
  useEffect(() => {
    if (canceled) redirect('/pricing');
  }, [canceled]);
  if (canceled) return null;
  return (
    <section className="page narrow" aria-labelledby="success-heading">
      <PageHeading id="success-heading">{m.successTitle}</PageHeading>
      <BillingReturn from="checkout">
        <p>
          <Link to="/account" className="button-link">
            {m.goToAccount}
          </Link>
        </p>
      </BillingReturn>
    </section>
  );
}
