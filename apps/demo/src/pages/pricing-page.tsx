import { type PlanSelection, PlanSwitchConfirm, PricingTable } from '@plankit/react';
import { type MouseEvent, useState } from 'react';
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
  // A signed-out visitor's "Subscribe" leads to sign-in first (the kit has no hook for this, so the click is
  // caught on its way down to the plan's button; Enter and Space on the button arrive as clicks too).
  const signInFirst = (event: MouseEvent<HTMLDivElement>) => {
    if (signedIn) return;
    const target = event.target as HTMLElement;
    if (!target.closest('[data-plankit-part="action"]')) return;
    event.preventDefault();
    event.stopPropagation();
    navigate('/sign-in?next=/pricing');
  };
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
      <div onClickCapture={signInFirst}>
        <PricingTable promotionCode returnTo="/success" onSwitch={setChange} />
      </div>
      <PlanSwitchConfirm change={change} onClose={() => setChange(null)} promotionCode returnTo="/account" />
    </section>
  );
}
