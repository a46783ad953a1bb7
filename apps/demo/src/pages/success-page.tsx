import { currentSubscription, usePlans, useSubscription } from '@plankit/react';
import { useEffect } from 'react';
import { PageHeading } from '../components/page-heading';
import { usePreferences } from '../preferences';
import { Link, redirect, useLocation } from '../router';

const pollEveryMs = 1000;
const pollAtMostMs = 20_000;

/**
 * Where Checkout returns (`/success?session_id=…`). The subscription is read through the kit's subscription
 * query (the server asks Stripe; the browser holds no secret). Stripe may still be finishing the first payment,
 * so it polls briefly until the subscription shows up.
 */
export function SuccessPage() {
  const { m, f } = usePreferences();
  const location = useLocation();
  const query = useSubscription();
  const plans = usePlans().data;
  const subscription = currentSubscription(query.data);
  const settled = subscription && subscription.status !== 'incomplete';
  const { refetch } = query;
  // Checkout's cancel URL is the same address with `checkout=canceled`: back to the plans.
  const canceled = location.searchParams.get('checkout') === 'canceled';
  useEffect(() => {
    if (canceled) redirect('/pricing');
  }, [canceled]);
  useEffect(() => {
    if (settled || canceled) return;
    const started = Date.now();
    const timer = window.setInterval(() => {
      if (Date.now() - started > pollAtMostMs) window.clearInterval(timer);
      else void refetch();
    }, pollEveryMs);
    return () => window.clearInterval(timer);
  }, [settled, canceled, refetch]);
  const planName =
    plans?.plans.find((plan) => plan.key === subscription?.planKey)?.name ?? subscription?.planKey;
  return (
    <section className="page narrow" aria-labelledby="success-heading">
      <PageHeading id="success-heading">{m.successTitle}</PageHeading>
      <p role="status" data-testid="success-status" data-status={subscription?.status ?? 'pending'}>
        {settled && subscription
          ? f(m.successActive, { plan: planName ?? '', status: m.statusNames[subscription.status] })
          : m.successPending}
      </p>
      {location.searchParams.get('session_id') ? (
        <p className="muted">
          <small>
            Checkout: <code>{location.searchParams.get('session_id')}</code>
          </small>
        </p>
      ) : null}
      <p>
        <Link to="/account" className="button-link">
          {m.goToAccount}
        </Link>
      </p>
    </section>
  );
}
