import type { Catalog, SubscriptionSummary } from '@plankit/core';
import { usePlankit } from '../../provider';
import { part } from '../shared/parts';

export interface ReturnSummaryProps {
  subscription: SubscriptionSummary;
  catalog: Catalog | undefined;
}

/** What the subscription costs per interval: the plan item's price as Stripe bills it, else the catalog's. */
function planAmount(subscription: SubscriptionSummary, catalog: Catalog | undefined): number | undefined {
  const item = subscription.items.find((entry) => entry.kind === 'plan');
  if (item?.unitAmount != null) return item.unitAmount * item.quantity;
  const plan = catalog?.plans.find((entry) => entry.key === subscription.planKey);
  const price = plan?.prices.find(
    (entry) =>
      entry.interval === subscription.interval &&
      entry.intervalCount === 1 &&
      entry.currency === subscription.currency,
  );
  return price ? price.unitAmount * subscription.quantity : undefined;
}

/**
 * The subscription the customer came back with: plan and interval, price, seats, and what happens next
 * (trial end, next invoice, or the scheduled cancellation). Names come from the catalog, amounts and dates
 * through Intl.
 */
export function ReturnSummary({ subscription, catalog }: ReturnSummaryProps) {
  const { format } = usePlankit();
  const { t } = format;
  const plan = catalog?.plans.find((entry) => entry.key === subscription.planKey);
  const name = plan?.name ?? subscription.planKey ?? '';
  const interval = subscription.interval;
  const amount = planAmount(subscription, catalog);
  const rows: Array<[string, string, string]> = [
    ['plan', t('returnPlan'), interval ? t('planInterval', { plan: name, interval: t(interval) }) : name],
  ];
  if (amount !== undefined && interval) {
    const period = t(interval === 'month' ? 'perMonth' : 'perYear');
    rows.push(['price', t('returnPrice'), `${format.money(amount, subscription.currency)} ${period}`]);
  }
  if (plan?.seats) rows.push(['seats', t('seats'), t('seatCount', { count: subscription.quantity })]);
  if (subscription.status === 'trialing' && subscription.trialEnd) {
    rows.push(['trial-end', t('returnTrialEnds'), format.date(subscription.trialEnd)]);
  }
  if (subscription.cancelAtPeriodEnd || subscription.cancelAt) {
    const end = subscription.cancelAt ?? subscription.currentPeriodEnd;
    if (end) rows.push(['cancels', t('returnEnds'), format.date(end)]);
  } else if (subscription.currentPeriodEnd) {
    rows.push(['next-invoice', t('nextInvoice'), format.date(subscription.currentPeriodEnd)]);
  }
  return (
    <dl {...part('summary', subscription.status)}>
      {rows.map(([field, label, value]) => (
        <div key={field} {...part('summary-row', field)}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
