import {
  CancelWithReason,
  currentSubscription,
  ManageSubscriptionButton,
  PastDueBanner,
  type PlanSelection,
  PlanSwitchConfirm,
  PricingTable,
  UpdatePaymentMethodButton,
  useBillingReturn,
  usePlankit,
  useSubscription,
} from '@plankit/react';
import { useEffect, useState } from 'react';
import { DemoControls } from '../components/demo-controls';
import { EventsPanel } from '../components/events-panel';
import { PageHeading } from '../components/page-heading';
import { SubscriptionDetails } from '../components/subscription-details';
import { useSession } from '../demo-api';
import { usePreferences } from '../preferences';
import { Link, redirect, useLocation } from '../router';

/** Where the portal sends the customer back: the account page, which then syncs (see PortalReturnSync). */
const portalReturn = '/account?from=portal';

/** Everything about the signed-in user's subscription, with every Plankit component that manages it. */
export function AccountPage() {
  const { m } = usePreferences();
  const session = useSession();
  if (!session.data?.user) {
    return (
      <section className="page narrow" aria-labelledby="account-heading">
        <PageHeading id="account-heading">{m.accountTitle}</PageHeading>
        <p>
          <Link to="/sign-in?next=/account">{m.signIn}</Link> · {m.accountSignedOut}
        </p>
      </section>
    );
  }
  return (
    <section className="page" aria-labelledby="account-heading">
      <PageHeading id="account-heading">{m.accountTitle}</PageHeading>
      <PortalReturnSync />
      <PastDueBanner returnTo={portalReturn} />
      <SubscriptionPanels
        side={
          <>
            <EventsPanel />
            <DemoControls />
          </>
        }
      />
    </section>
  );
}

/**
 * Back from the portal (`?from=portal`): syncs once through the kit, whose answer updates every panel on the
 * page from the cache, then drops the parameter so a reload does not sync again.
 */
function PortalReturnSync() {
  const { format } = usePlankit();
  const location = useLocation();
  const fromPortal = location.searchParams.get('from') === 'portal';
  const sync = useBillingReturn({ from: 'portal', enabled: fromPortal });
  useEffect(() => {
    if (sync.status === 'done') redirect('/account');
  }, [sync.status]);
  return (
    <p role="status" className="muted" data-testid="portal-sync" data-status={sync.status}>
      {sync.status === 'pending' ? format.t('returnSyncing') : ''}
    </p>
  );
}

/** The subscription beside the events and demo controls, then plan change and cancellation full width. */
function SubscriptionPanels({ side }: { side: React.ReactNode }) {
  const { m } = usePreferences();
  const query = useSubscription();
  const subscription = currentSubscription(query.data);
  if (query.isPending) return <p role="status">…</p>;
  const summary = (
    <section className="panel" aria-labelledby="subscription-heading">
      <h2 id="subscription-heading">{m.subscriptionHeading}</h2>
      {subscription ? (
        <>
          <SubscriptionDetails subscription={subscription} />
          <div className="button-row">
            <ManageSubscriptionButton returnTo={portalReturn} />
            <UpdatePaymentMethodButton
              returnTo={portalReturn}
              afterCompletion={{ type: 'redirect', returnTo: portalReturn }}
            />
          </div>
        </>
      ) : (
        <>
          <p>{m.noSubscription}</p>
          <p>
            <Link to="/pricing" className="button-link">
              {m.seePlans}
            </Link>
          </p>
        </>
      )}
    </section>
  );
  // Plan controls come before the webhook log, on a phone too: the log is for the curious, last.
  return (
    <div className="account-grid">
      <div className="account-main">
        {summary}
        {subscription ? <ManageSections /> : null}
      </div>
      <div className="account-side">{side}</div>
    </div>
  );
}

/** Switching plans (preview, then Stripe's confirm page) and cancelling with a reason. */
function ManageSections() {
  const { m } = usePreferences();
  const [change, setChange] = useState<PlanSelection | null>(null);
  // The cancel flow opens on demand, not as a form always open under the plans.
  const [canceling, setCanceling] = useState(false);
  return (
    <>
      <section className="panel" aria-labelledby="change-plan-heading">
        <h2 id="change-plan-heading">{m.changePlanHeading}</h2>
        <PricingTable returnTo="/account" onSwitch={setChange} />
        <PlanSwitchConfirm change={change} onClose={() => setChange(null)} returnTo={portalReturn} />
      </section>
      {/* CancelWithReason brings its own heading and region. At period end, so "Resume" can undo it. */}
      <div className="panel">
        {canceling ? (
          <CancelWithReason mode="at_period_end" />
        ) : (
          <button
            type="button"
            className="button-quiet"
            aria-expanded="false"
            onClick={() => setCanceling(true)}
          >
            {m.cancelOpen}
          </button>
        )}
      </div>
    </>
  );
}
