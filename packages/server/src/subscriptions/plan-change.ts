import { type BillingInterval, findAddOn, findPlan, isSubscribedStatus } from '@plankit/core';
import type Stripe from 'stripe';
import { type Bundle, resolveBundle } from '../catalog/resolve-bundle';
import { entryForPrice, type ResolvedCatalog } from '../catalog/resolved-catalog';
import type { PlankitContext } from '../context';
import { PlankitError } from '../http/plankit-error';

/** A plan change as the browser names it. */
export interface PlanChangeRequest {
  plan: string;
  interval: BillingInterval;
  quantity?: number | undefined;
  addOns?: readonly string[] | undefined;
}

/** The items to send to Stripe for a change, built from the fetched subscription and the catalog. */
export interface PlanChange {
  bundle: Bundle;
  items: Stripe.SubscriptionUpdateParams.Item[];
  planItem: Stripe.SubscriptionItem;
  intervalChanges: boolean;
}

/**
 * Builds the item changes for switching a subscription to another plan, interval, quantity or add-ons:
 * the plan item keeps its id and gets the new price; add-ons are moved to the new interval, added or removed;
 * items the catalog does not know are left alone. The browser only names keys; price ids come from the catalog.
 */
export function planChange(
  ctx: PlankitContext,
  catalog: ResolvedCatalog,
  subscription: Stripe.Subscription,
  request: PlanChangeRequest,
): PlanChange {
  if (!isSubscribedStatus(subscription.status) || subscription.status === 'paused') {
    throw new PlankitError('subscription_not_active');
  }
  const known = subscription.items.data.map((item) => ({
    item,
    known: entryForPrice(catalog, item.price.id),
  }));
  const planItem =
    known.find((entry) => entry.known?.entry.kind === 'plan')?.item ?? subscription.items.data[0];
  if (!planItem) throw new PlankitError('subscription_not_active');
  const currentAddOns = known.flatMap((entry) =>
    entry.known?.entry.kind === 'add_on' ? [{ key: entry.known.entry.key, item: entry.item }] : [],
  );
  const wantedAddOns = request.addOns ?? currentAddOns.map((entry) => entry.key);
  const bundle = resolveBundle(
    catalog,
    (key) => findPlan(ctx.plans, key)?.seats ?? null,
    (key) => findAddOn(ctx.plans, key)?.perSeat ?? false,
    { ...request, addOns: wantedAddOns },
    planItem.quantity ?? 1,
  );
  const [planTarget, ...addOnTargets] = bundle.items;
  if (!planTarget) throw new PlankitError('unknown_plan');
  const items: Stripe.SubscriptionUpdateParams.Item[] = [
    { id: planItem.id, price: planTarget.price.id, quantity: planTarget.quantity },
  ];
  let changed = planItem.price.id !== planTarget.price.id || (planItem.quantity ?? 1) !== planTarget.quantity;
  for (const target of addOnTargets) {
    const existing = currentAddOns.find((entry) => entry.key === target.key);
    if (existing) {
      items.push({ id: existing.item.id, price: target.price.id, quantity: target.quantity });
      changed ||=
        existing.item.price.id !== target.price.id || (existing.item.quantity ?? 1) !== target.quantity;
    } else {
      items.push({ price: target.price.id, quantity: target.quantity });
      changed = true;
    }
  }
  for (const existing of currentAddOns) {
    if (!wantedAddOns.includes(existing.key)) {
      items.push({ id: existing.item.id, deleted: true });
      changed = true;
    }
  }
  if (!changed) throw new PlankitError('no_change');
  const intervalChanges = planItem.price.recurring?.interval !== planTarget.price.interval;
  return { bundle, items, planItem, intervalChanges };
}
