import { type PlanSelection, PlanSwitchConfirm, PricingTable } from '@plankit/react';
import { useState } from 'react';
import { PageHeading } from '../components/page-heading';
import { useSession } from '../demo-api';
import { usePreferences } from '../preferences';
import { Link, navigate } from '../router';

/**
 * The PricingTable. A subscribed user sees their current plan and "Switch", which opens PlanSwitchConfirm
 * (preview of the proration, then Stripe's confirm page).
 */
export function PricingPage() {
  const { m } = usePreferences();
  const session = useSession();
  const [change, setChange] = useState<PlanSelection | null>(null);
  const signedIn = Boolean(session.data?.user);
  return (
    <section className="page" aria-labelledby="pricing-heading">
      <div className="hero">
        <PageHeading id="pricing-heading">{m.pricingTitle}</PageHeading>
        <p className="lead">{m.pricingIntro}</p>
        {signedIn ? null : (
          <p className="notice">
            <Link to="/sign-in?next=/pricing">{m.signIn}</Link> · {m.signInToSubscribe}
          </p>
        )}
      </div>
      <h2 className="visually-hidden">{m.navPricing}</h2>
      <PricingTable
        promotionCode
        returnTo="/success"
        onSwitch={setChange}
        // A signed-out visitor's "Subscribe" is answered 401 by the server: sign in first, then come back.
        onUnauthenticated={() => navigate('/sign-in?next=/pricing')}
      />
      <PlanSwitchConfirm change={change} onClose={() => setChange(null)} promotionCode returnTo="/account" />
    </section>
  );
}
