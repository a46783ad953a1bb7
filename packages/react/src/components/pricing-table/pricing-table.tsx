import type { BillingInterval } from '@plankit/core';
import { useId, useState } from 'react';
import { useCheckout } from '../../hooks/use-checkout';
import { usePlans } from '../../hooks/use-plans';
import { usePortal } from '../../hooks/use-portal';
import { currentSubscription, useSubscription } from '../../hooks/use-subscription';
import { isPlankitError } from '../../plankit-error';
import { usePlankit } from '../../provider';
import { ErrorMessage, part, Root, Status } from '../shared/parts';
import { isCodeError, PromotionCodeField } from '../shared/promotion-code-field';
import { yearlySaving } from './catalog-math';
import { IntervalToggle } from './interval-toggle';
import { type PlanAction, PlanCard, type PlanSelection } from './plan-card';

export interface PricingTableProps {
  /** The interval shown first, when the catalog offers it. Default: the catalog's first. */
  defaultInterval?: BillingInterval;
  /** Shows a promotion code field; the code goes to Checkout or the plan switch. */
  promotionCode?: boolean;
  /**
   * Where Checkout returns to, e.g. the app's success page (checked by the server against the allowed origins).
   */
  returnTo?: string;
  /** Where the portal ("Manage", "Switch") returns to. Default: this page, where the customer came from. */
  portalReturnTo?: string;
  /**
   * Called when a subscribed customer picks another plan, e.g. to open `<PlanSwitchConfirm>`.
   * Without it, "Switch" opens the portal's subscription_update_confirm deep link.
   */
  onSwitch?(selection: PlanSelection): void;
  /**
   * Called instead of showing "Sign in to manage billing." when the server answers a Subscribe with 401
   * `unauthenticated` (a signed-out visitor), e.g. to send them to sign in and back to this plan.
   */
  onUnauthenticated?(selection: PlanSelection): void;
  className?: string;
}

/**
 * The plans from the server with an interval toggle, seats, add-ons and one button per plan. Knows the
 * customer's subscription: a subscribed customer sees "Current plan", "Switch" and "Manage", never a second
 * "Subscribe" (seed 000).
 */
export function PricingTable({
  defaultInterval,
  promotionCode,
  returnTo,
  portalReturnTo,
  onSwitch,
  onUnauthenticated,
  className,
}: PricingTableProps) {
  const { format, navigate } = usePlankit();
  const { t, locale } = format;
  const plans = usePlans();
  const subscriptionQuery = useSubscription();
  const subscription = currentSubscription(subscriptionQuery.data);
  const checkout = useCheckout();
  const portal = usePortal();
  const [chosenInterval, setChosenInterval] = useState(defaultInterval);
  const [code, setCode] = useState('');
  const [pendingPlan, setPendingPlan] = useState<string>();
  const codeId = useId();
  const catalog = plans.data;
  // The status region comes first in every state, so the same node carries "Loading plans…" and later
  // "Redirecting…": a region created together with its text is announced unreliably.
  if (!catalog) {
    return plans.isError ? (
      <Root part="pricing-table" state="error" className={className}>
        <Status />
        <ErrorMessage error={plans.error} />
        <button type="button" onClick={() => plans.refetch()} {...part('retry')}>
          {t('retry')}
        </button>
      </Root>
    ) : (
      <Root part="pricing-table" state="loading" className={className}>
        <Status text={t('loading')} shown />
        <div aria-hidden="true" {...part('skeleton')}>
          <div />
          <div />
          <div />
        </div>
      </Root>
    );
  }
  const interval =
    chosenInterval && catalog.intervals.includes(chosenInterval)
      ? chosenInterval
      : (catalog.intervals[0] ?? 'month');
  // The app has no texts in the kit's language: its plan texts are the catalog's default ones, marked as such
  // (screen readers read them in their own language).
  const textLang =
    catalog.locale && catalog.locale.split('-')[0] !== locale.split('-')[0] ? catalog.locale : undefined;
  const shown = catalog.plans.filter((plan) => plan.prices.some((price) => price.interval === interval));
  const goingToCheckout = checkout.isSuccess && checkout.data?.type === 'checkout';
  const redirecting = checkout.isPending || goingToCheckout || portal.isPending || portal.isSuccess;
  const promotion = code.trim() || undefined;
  // The portal returns the customer here unless the app says otherwise (Checkout has its own returnTo).
  const backHere = portalReturnTo ?? (typeof window === 'undefined' ? undefined : window.location.href);
  // A stale tab subscribed elsewhere: say so, and let the customer choose to manage it.
  const staleRedirect = checkout.data?.type === 'redirect' ? checkout.data.url : undefined;
  const alreadySubscribed =
    staleRedirect !== undefined || isPlankitError(checkout.error, 'already_subscribed');
  const error = (alreadySubscribed ? null : checkout.error) ?? portal.error;
  const act = (action: PlanAction, selection: PlanSelection) => {
    if (action === 'switch' && onSwitch) return onSwitch(selection);
    setPendingPlan(selection.plan);
    if (!subscription) {
      checkout.mutateAsync({ ...selection, promotionCode: promotion, returnTo }).catch((error) => {
        // A signed-out visitor: the app takes over (sign-in), so the error is cleared rather than shown.
        if (onUnauthenticated && isPlankitError(error, 'unauthenticated')) {
          checkout.reset();
          onUnauthenticated(selection);
        }
      });
    } else if (action === 'manage') portal.mutate({ flow: 'homepage', returnTo: backHere });
    else {
      portal.mutate({
        flow: 'subscription_update_confirm',
        subscription: subscription.id,
        ...selection,
        promotionCode: promotion,
        returnTo: backHere,
      });
    }
  };
  return (
    <Root part="pricing-table" state="ready" className={className}>
      <Status text={redirecting && t('redirecting')} />
      {catalog.intervals.length > 1 ? (
        <IntervalToggle
          intervals={catalog.intervals}
          value={interval}
          onChange={setChosenInterval}
          saving={yearlySaving(catalog)}
        />
      ) : null}
      {promotionCode ? (
        <p {...part('promotion-code')}>
          <PromotionCodeField
            id={codeId}
            value={code}
            onChange={(value) => {
              setCode(value);
              // A refused code is no longer the one in the field: its error goes.
              if (isCodeError(error)) {
                checkout.reset();
                portal.reset();
              }
            }}
            error={error}
          />
        </p>
      ) : null}
      {alreadySubscribed ? (
        <p role="alert" {...part('already-subscribed')}>
          {t('alreadySubscribed')}{' '}
          <button
            type="button"
            onClick={() =>
              staleRedirect
                ? navigate(staleRedirect)
                : portal.mutate({ flow: 'homepage', returnTo: backHere })
            }
            {...part('manage-existing')}
          >
            {t('manageIt')}
          </button>
        </p>
      ) : null}
      {shown.length ? (
        <ul aria-label={t('plans')} {...part('plans')}>
          {shown.map((plan) => (
            <PlanCard
              key={`${plan.key}-${interval}`}
              plan={plan}
              addOns={catalog.addOns}
              interval={interval}
              textLang={textLang}
              subscription={subscription}
              pending={redirecting && pendingPlan === plan.key}
              busy={redirecting}
              // Until the subscription is known, "Subscribe" could be wrong: wait (a failure counts as none).
              loading={subscriptionQuery.isPending}
              onAction={act}
            />
          ))}
        </ul>
      ) : (
        <p {...part('empty')}>{t('noPlans')}</p>
      )}
      <ErrorMessage error={promotionCode && isCodeError(error) ? null : error} />
    </Root>
  );
}
