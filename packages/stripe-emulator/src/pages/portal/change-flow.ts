import type Stripe from 'stripe';
import { updateSubscription } from '../../billing/update-subscription.js';
import type { Engine } from '../../engine.js';
import type { ParamObject } from '../../wire/form.js';
import { Params } from '../../wire/params.js';
import { StripeApiError } from '../../wire/stripe-error.js';
import type { PortalCtx } from './context.js';
import { priceLabel } from './portal-layout.js';
import { confirmView } from './update-views.js';

interface Change {
  items: Array<{ id: string; price?: string; quantity?: number }>;
  discounts: Array<{ coupon?: string; promotion_code?: string }>;
}

export function changeFromQuery(sub: Stripe.Subscription, query: URLSearchParams): Change {
  const item = sub.items.data[0];
  const change: Change = { items: [], discounts: [] };
  if (!item) return change;
  const entry: Change['items'][number] = { id: item.id };
  const price = query.get('price');
  if (price) entry.price = price;
  const raw = query.get('quantity');
  if (raw !== null && raw !== '') {
    const q = Number(raw);
    // A quantity that is not a whole number is refused like an out-of-range one.
    entry.quantity = Number.isInteger(q) ? q : Number.NaN;
  }
  change.items.push(entry);
  return change;
}

export function changeFromFlow(ctx: PortalCtx): Change | undefined {
  const flow = ctx.session.flow?.subscription_update_confirm;
  if (!flow) return undefined;
  return {
    items: flow.items.map((i) => {
      const out: Change['items'][number] = { id: i.id ?? '' };
      if (i.price) out.price = i.price;
      if (i.quantity !== undefined) out.quantity = i.quantity;
      return out;
    }),
    discounts: (flow.discounts ?? []).map((d) =>
      d.coupon ? { coupon: d.coupon } : { promotion_code: d.promotion_code ?? '' },
    ),
  };
}

export function changeParams(change: Change, proration: string): ParamObject {
  const raw: ParamObject = {
    items: change.items.map((i) => {
      const o: ParamObject = { id: i.id };
      if (i.price) o.price = i.price;
      if (i.quantity !== undefined) o.quantity = String(i.quantity);
      return o;
    }),
    proration_behavior: proration,
  };
  if (change.discounts.length) raw.discounts = change.discounts.map((d) => ({ ...d }) as ParamObject);
  return raw;
}

export function confirmPage(
  ctx: PortalCtx,
  sub: Stripe.Subscription,
  change: Change,
  action: string,
): string {
  const { engine } = ctx;
  const rows = change.items.flatMap((i) => {
    const current = sub.items.data.find((s) => s.id === i.id);
    const price = i.price ? engine.state.prices[i.price] : current?.price;
    if (!price) return [];
    return [
      {
        from: current ? priceLabel(ctx, current.price, current.quantity ?? 1) : '—',
        to: priceLabel(ctx, price, i.quantity ?? current?.quantity ?? 1),
      },
    ];
  });
  let preview: Parameters<typeof confirmView>[2];
  let error: string | undefined;
  try {
    const proration = ctx.config.features.subscription_update.proration_behavior;
    const amount = previewAmount(engine, sub, change, proration === 'none' ? 'none' : proration);
    preview = { label: amount.label, amount: ctx.locale.money(amount.value, sub.currency) };
  } catch (err) {
    if (err instanceof StripeApiError) error = err.message;
    else throw err;
  }
  const query = new URLSearchParams();
  const first = change.items[0];
  if (first?.price) query.set('price', first.price);
  if (first?.quantity) query.set('quantity', String(first.quantity));
  return confirmView(ctx, rows, preview, `${action}${query.size ? `?${query}` : ''}`, error);
}

/** The amount the change costs now (immediate invoice) or adds to the next invoice (prorations). */
function previewAmount(
  engine: Engine,
  sub: Stripe.Subscription,
  change: Change,
  proration: string,
): { label: 'amount_due_today' | 'prorated_next_invoice'; value: number } {
  // Evaluated on a copy so nothing is stored; the same update code computes the prorations.
  const snapshot = structuredClone(engine.state);
  const copy = snapshot.subscriptions[sub.id] as Stripe.Subscription;
  const listeners = engine.suspendEvents();
  const real = engine.state;
  engine.state = snapshot;
  try {
    const pendingBefore = snapshot.pendingInvoiceItems.length;
    const invoicesBefore = new Set(Object.keys(snapshot.invoices));
    updateSubscription(engine, copy, new Params(changeParams(change, proration)));
    const invoice = Object.values(snapshot.invoices).find((i) => !invoicesBefore.has(i.id));
    if (invoice) return { label: 'amount_due_today', value: invoice.amount_due };
    const added = snapshot.pendingInvoiceItems.slice(pendingBefore).reduce((s, p) => s + p.amount, 0);
    return { label: 'prorated_next_invoice', value: added };
  } finally {
    engine.state = real;
    engine.resumeEvents(listeners);
  }
}
