import type { SubscriptionSummary } from '@plankit/core';
import { usePlankit, usePlans } from '@plankit/react';
import { usePreferences } from '../preferences';

/** The subscription as a description list: plan, status, dates, seats, discount, card. */
export function SubscriptionDetails({ subscription }: { subscription: SubscriptionSummary }) {
  const { m, f } = usePreferences();
  const { format } = usePlankit();
  const plans = usePlans().data;
  const plan = plans?.plans.find((candidate) => candidate.key === subscription.planKey);
  const planName = plan?.name ?? subscription.planKey ?? '—';
  const interval = subscription.interval ? format.t(subscription.interval) : '';
  const card = subscription.paymentMethod;
  const discount = subscription.discount;
  const ending = subscription.cancelAtPeriodEnd || subscription.cancelAt !== null;
  const endDate = subscription.cancelAt ?? subscription.currentPeriodEnd;
  // What the items cost per period, and the next invoice after the discount (an estimate: Stripe adds
  // prorations and taxes when it finalizes the invoice). A scheduled cancellation has no next invoice.
  const price = subscription.items.reduce((sum, item) => sum + (item.unitAmount ?? 0) * item.quantity, 0);
  const afterDiscount = !discount
    ? price
    : discount.percentOff !== null
      ? Math.round(price * (1 - discount.percentOff / 100))
      : Math.max(0, price - (discount.amountOff ?? 0));
  const period = subscription.interval === 'year' ? format.t('perYear') : format.t('perMonth');
  return (
    <dl className="details" data-testid="subscription-details">
      <div>
        <dt>{m.plan}</dt>
        <dd data-field="plan">
          {planName}
          {interval ? ` · ${interval}` : ''}
        </dd>
      </div>
      <div>
        <dt>{m.status}</dt>
        <dd data-field="status" data-status={subscription.status}>
          {ending && endDate ? (
            <span className="status-badge status-canceling">
              {format.t('cancelsOn', { date: format.date(endDate) })}
            </span>
          ) : (
            <span className={`status-badge status-${subscription.status}`}>
              {m.statusNames[subscription.status]}
            </span>
          )}
        </dd>
      </div>
      {endDate ? (
        <div>
          <dt>{ending ? m.endsOn : m.renews}</dt>
          <dd data-field="period-end">{format.date(endDate)}</dd>
        </div>
      ) : null}
      <div>
        <dt>{m.price}</dt>
        <dd data-field="price">{`${format.money(price, subscription.currency)} ${period}`}</dd>
      </div>
      {!ending && subscription.currentPeriodEnd ? (
        <div>
          <dt>{m.nextInvoice}</dt>
          <dd data-field="next-invoice">
            {f(m.amountOn, {
              amount: format.money(afterDiscount, subscription.currency),
              date: format.date(subscription.currentPeriodEnd),
            })}
          </dd>
        </div>
      ) : null}
      {plan?.seats ? (
        <div>
          <dt>{m.seats}</dt>
          <dd data-field="seats">{subscription.quantity}</dd>
        </div>
      ) : null}
      <div>
        <dt>{m.discount}</dt>
        <dd data-field="discount">
          {discount
            ? `${discount.name ?? ''}${discount.percentOff !== null ? ` (${format.percent(discount.percentOff / 100)})` : ''}`.trim()
            : m.none}
        </dd>
      </div>
      <div>
        <dt>{m.paymentMethod}</dt>
        <dd data-field="payment-method">
          {card ? f(m.cardEnding, { brand: capitalize(card.brand), last4: card.last4 }) : m.none}
        </dd>
      </div>
    </dl>
  );
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
