import type { BillingInterval, CatalogAddOn, CatalogPlan, SubscriptionSummary } from '@plankit/core';
import { useId, useState } from 'react';
import { usePlankit } from '../../provider';
import { part } from '../shared/parts';
import { priceFor } from './catalog-math';
import { SeatStepper, seatsInRange } from './seat-stepper';

/** A plan as the customer configured it in the table: what Checkout or a plan switch receives. */
export interface PlanSelection {
  plan: string;
  interval: BillingInterval;
  quantity?: number;
  addOns?: string[];
}

export type PlanAction = 'subscribe' | 'switch' | 'manage';

export interface PlanCardProps {
  plan: CatalogPlan;
  addOns: readonly CatalogAddOn[];
  interval: BillingInterval;
  /** The language of the plan's own texts when it is not the kit's (a translation is missing). */
  textLang?: string;
  /** The customer's subscription; changes "Subscribe" into "Switch" / "Manage". */
  subscription: SubscriptionSummary | undefined;
  /** This card's action is running (its button says "Redirecting…"). */
  pending: boolean;
  /** Another action is running: this card's button ignores clicks. */
  busy: boolean;
  /**
   * The subscription is not known yet: the button shows a neutral "Loading…" (and ignores clicks), since
   * "Subscribe" could be wrong for a subscribed customer.
   */
  loading?: boolean;
  onAction(action: PlanAction, selection: PlanSelection): void;
}

/** One plan: name, badges, price, features, seats, add-ons and its button. */
export function PlanCard({
  plan,
  addOns,
  interval,
  textLang,
  subscription,
  pending,
  busy,
  loading,
  onAction,
}: PlanCardProps) {
  const { t, money, date } = usePlankit().format;
  const headingId = useId();
  const ids = useId();
  const isCurrentPlan = subscription?.planKey === plan.key && subscription.interval === interval;
  const [quantity, setQuantity] = useState(() =>
    isCurrentPlan ? subscription.quantity : (plan.seats?.min ?? 1),
  );
  const [chosen, setChosen] = useState<string[]>(() => (isCurrentPlan ? subscription.addOns : []));
  const [checkSeats, setCheckSeats] = useState(false);
  const price = priceFor(plan.prices, interval);
  if (!price) return null;
  const offered = addOns.filter(
    (addOn) => plan.addOns.includes(addOn.key) && priceFor(addOn.prices, interval),
  );
  const unchanged =
    isCurrentPlan &&
    (!plan.seats || quantity === subscription.quantity) &&
    chosen.length === subscription.addOns.length &&
    chosen.every((key) => subscription.addOns.includes(key));
  // A scheduled cancellation is said plainly on the current plan; other plans are managed in the portal
  // (resume first) rather than offered as a switch.
  const endsAt =
    subscription?.cancelAt ?? (subscription?.cancelAtPeriodEnd ? subscription.currentPeriodEnd : null);
  const canceling = subscription?.cancelAtPeriodEnd === true || subscription?.cancelAt != null;
  const action: PlanAction = !subscription ? 'subscribe' : unchanged || canceling ? 'manage' : 'switch';
  const selection: PlanSelection = { plan: plan.key, interval };
  if (plan.seats) selection.quantity = quantity;
  if (offered.length) selection.addOns = chosen;
  const period = t(interval === 'month' ? 'perMonth' : 'perYear');
  const state = unchanged
    ? canceling
      ? 'canceling'
      : 'current'
    : plan.highlighted
      ? 'highlighted'
      : 'default';
  return (
    <li aria-labelledby={headingId} {...part('plan', state)}>
      {/* Always present, one row: every card's name and price start at the same height. */}
      <div {...part('badges')}>
        {unchanged && canceling ? (
          <p {...part('badge', 'canceling')}>
            {endsAt ? t('cancelsOn', { date: date(endsAt) }) : t('current')}
          </p>
        ) : unchanged ? (
          <p {...part('badge', 'current')}>{t('current')}</p>
        ) : null}
        {plan.highlighted && !unchanged ? <p {...part('badge', 'highlighted')}>{t('popular')}</p> : null}
        {plan.trialDays && !subscription && !loading ? (
          <p {...part('badge', 'trial')}>{t('trial', { count: plan.trialDays })}</p>
        ) : null}
      </div>
      <h3 id={headingId} lang={textLang} {...part('plan-name')}>
        {plan.name}
      </h3>
      {plan.description ? (
        <p lang={textLang} {...part('plan-description')}>
          {plan.description}
        </p>
      ) : null}
      <p {...part('price')}>
        <span {...part('amount')}>{money(price.unitAmount, price.currency)}</span>{' '}
        <span {...part('period')}>
          {plan.seats ? `${t('perUnit', { unit: plan.unitLabel ?? t('unit') })} ` : ''}
          {period}
        </span>
      </p>
      {plan.features.length ? (
        <ul aria-label={t('features', { plan: plan.name })} {...part('features')}>
          {plan.features.map((feature) => (
            <li key={feature} lang={textLang} {...part('feature')}>
              {feature}
            </li>
          ))}
        </ul>
      ) : null}
      {plan.seats ? (
        <SeatStepper
          id={`${ids}s`}
          value={quantity}
          min={plan.seats.min}
          max={plan.seats.max}
          onChange={setQuantity}
          check={checkSeats}
        />
      ) : null}
      {offered.length ? (
        <fieldset {...part('add-ons')}>
          <legend>{t('addOns')}</legend>
          {offered.map((addOn) => {
            const addOnPrice = priceFor(addOn.prices, interval)!;
            return (
              <label key={addOn.key} {...part('add-on')}>
                <input
                  type="checkbox"
                  checked={chosen.includes(addOn.key)}
                  onChange={(event) =>
                    setChosen((keys) =>
                      event.target.checked ? [...keys, addOn.key] : keys.filter((key) => key !== addOn.key),
                    )
                  }
                />{' '}
                {t('addOn', {
                  name: addOn.name,
                  // No break inside "+$5 / month": the phrase wraps as a whole.
                  price: `${money(addOnPrice.unitAmount, addOnPrice.currency)} ${period}`.replace(
                    / /g,
                    '\u00a0',
                  ),
                })}
              </label>
            );
          })}
        </fieldset>
      ) : null}
      <button
        type="button"
        id={`${ids}a`}
        // "Subscribe Pro": three "Subscribe" buttons need the plan in their names, not only in a description.
        aria-labelledby={`${ids}a ${headingId}`}
        aria-disabled={busy || loading || undefined}
        onClick={(event) => {
          // Safari and Firefox on macOS do not focus a clicked button: focus it, so a dialog it opens returns here.
          event.currentTarget.focus();
          if (busy || loading) return;
          // Never send a quantity the customer did not choose: say so at the field instead.
          if (plan.seats && !seatsInRange(quantity, plan.seats.min, plan.seats.max)) {
            setCheckSeats(true);
            document.getElementById(`${ids}s`)?.focus();
            return;
          }
          onAction(action, selection);
        }}
        {...part('action', pending ? 'pending' : loading ? 'loading' : action)}
      >
        {pending ? t('redirecting') : t(loading ? 'loadingAction' : action)}
      </button>
    </li>
  );
}
