import type Stripe from 'stripe';
import type { Engine } from '../engine.js';
import type { Params } from '../wire/params.js';
import { invalidRequest } from '../wire/stripe-error.js';
import { currentPeriod } from './current-period.js';
import type { LineInput } from './invoicing.js';
import { planItems } from './item-changes.js';
import { buildItem, describeItem, intervalOf, itemAmount, planFromPrice } from './items.js';
import { addIntervals } from './periods.js';
import { prorationLines } from './proration.js';

export type ProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';

/**
 * Applies `items` and `billing_cycle_anchor[type]=now` to the subscription: the new items, the prorations for
 * the time already paid (pending invoice items, or lines to invoice now), a restarted cycle on a new interval.
 * Answers the lines the update must invoice at once.
 */
export function applyItemChanges(
  engine: Engine,
  sub: Stripe.Subscription,
  params: Params,
  {
    now,
    prorationBehavior,
    prorationDate,
  }: { now: number; prorationBehavior: ProrationBehavior; prorationDate: number },
): LineInput[] {
  const itemParams = params.objList('items');
  // In the current API version the anchor is an object, `billing_cycle_anchor[type]=now|unchanged`
  // (the plain string of older versions is refused as an invalid object, as Stripe does).
  const anchorNow =
    params.obj('billing_cycle_anchor')?.enumOf('type', ['now', 'unchanged'] as const) === 'now';
  const trialing = sub.status === 'trialing';
  if (anchorNow && trialing && params.str('trial_end') !== 'now') {
    // Wording not verified against the live API: a trial keeps its own anchor until it ends.
    throw invalidRequest(
      'A trialing subscription can only reset its billing cycle anchor to now together with trial_end=now.',
      'billing_cycle_anchor',
    );
  }
  let immediateLines: LineInput[] = [];
  if ((itemParams && itemParams.length > 0) || (anchorNow && !trialing)) {
    const plan = planItems(engine, sub, itemParams);
    const period = currentPeriod(sub);
    const oldInterval = sub.items.data[0] ? intervalOf(sub.items.data[0].price) : undefined;
    const firstNext = plan.next[0];
    const newInterval = firstNext ? intervalOf(firstNext.price) : undefined;
    const intervalChanged =
      oldInterval &&
      newInterval &&
      (oldInterval.interval !== newInterval.interval || oldInterval.count !== newInterval.count);
    const credits =
      trialing || prorationBehavior === 'none'
        ? []
        : prorationLines(engine, plan.changes, period, prorationDate);
    let nextPeriod = period;
    if ((intervalChanged || anchorNow) && !trialing && newInterval) {
      // A new interval or `billing_cycle_anchor: 'now'` restarts the billing cycle now and bills the
      // new period at once (Stripe's rule); the unused time on every old item is credited unless
      // proration_behavior is none.
      nextPeriod = { start: now, end: addIntervals(now, newInterval.interval, newInterval.count) };
      sub.billing_cycle_anchor = now;
      const unused =
        prorationBehavior === 'none'
          ? []
          : prorationLines(
              engine,
              plan.changes
                .filter((c) => c.before !== null)
                .map((c) => ({ itemId: c.itemId, before: c.before, after: null })),
              period,
              prorationDate,
            );
      immediateLines = [
        ...unused,
        ...plan.next.map((n) => ({
          amount: itemAmount(n),
          description: describeItem(engine, n.price, n.quantity),
          period: nextPeriod,
          price: n.price,
          quantity: n.quantity,
          proration: false,
          subscriptionItem: n.id,
        })),
      ];
    } else if (prorationBehavior === 'always_invoice') {
      immediateLines = credits;
    } else if (prorationBehavior === 'create_prorations') {
      for (const line of credits) {
        engine.state.pendingInvoiceItems.push({
          id: `ii_${line.subscriptionItem}_${engine.state.pendingInvoiceItems.length}`,
          subscription: sub.id,
          subscription_item: line.subscriptionItem ?? '',
          price: line.price.id,
          quantity: line.quantity,
          amount: line.amount,
          currency: sub.currency,
          description: line.description,
          period: line.period,
          proration: true,
        });
      }
    }
    sub.items.data = plan.next.map((n) => {
      const existing = sub.items.data.find((i) => i.id === n.id);
      if (existing) {
        existing.price = n.price;
        existing.plan = planFromPrice(n.price);
        existing.quantity = n.quantity;
        existing.metadata = n.metadata;
        existing.current_period_start = nextPeriod.start;
        existing.current_period_end = nextPeriod.end;
        return existing;
      }
      const item = buildItem(engine, sub.id, n.price, n.quantity, nextPeriod, n.metadata);
      item.id = n.id;
      return item;
    });
    sub.currency = firstNext?.price.currency ?? sub.currency;
  }
  return immediateLines;
}
