import type Stripe from 'stripe';
import { brandRow, esc, type LayoutOptions, layout } from '../html.js';
import { fill, lookup, type Messages } from '../messages/index.js';
import type { PortalCtx } from './context.js';

function options(ctx: PortalCtx): LayoutOptions {
  const back = ctx.session.return_url ? { href: ctx.session.return_url, label: ctx.locale.m.return } : null;
  return { locale: ctx.locale, branding: ctx.branding, back };
}

/**
 * A portal page as Stripe lays it out: the business and the way back on the left (on top on narrow screens), the
 * page's content on the right.
 */
export function portalLayout(ctx: PortalCtx, title: string, body: string): string {
  const { m } = ctx.locale;
  const aside = `<div class="pane summary"><div class="pane-inner">${brandRow(options(ctx))}
<p class="muted">${esc(ctx.customer.email ?? ctx.customer.id)}</p>
<p class="powered">${esc(m.powered_by)}</p></div></div>`;
  return layout(
    title,
    `<main id="main" class="layout portal">${aside}<div class="pane form-pane"><div class="pane-inner">${body}</div></div></main>`,
    options(ctx),
  );
}

export function priceLabel(ctx: PortalCtx, price: Stripe.Price, quantity = 1): string {
  const { locale } = ctx;
  const product = ctx.engine.state.products[price.product as string];
  // "Team × 3 — $36.00 per month" for a quantity, "Team — $12.00 per seat per month" for one.
  const unit =
    product?.unit_label && quantity === 1 ? ` ${fill(locale.m.per_unit, { unit: product.unit_label })}` : '';
  const amount = locale.money((price.unit_amount ?? 0) * quantity, price.currency);
  const name = `${product?.name ?? price.product}${quantity > 1 ? ` × ${quantity}` : ''}`;
  return `${name} — ${amount}${unit} ${locale.interval(price.recurring)}`;
}

function statusText(m: Messages, status: Stripe.Subscription.Status): string {
  return lookup(m, `status_${status}`) ?? status;
}

export function subscriptionSummary(ctx: PortalCtx, sub: Stripe.Subscription): string {
  const { m, date } = ctx.locale;
  const item = sub.items.data[0];
  const lines = sub.items.data
    .map(
      (i) =>
        `<li>${esc(priceLabel(ctx, ctx.engine.state.prices[i.price.id] ?? i.price, i.quantity ?? 1))}</li>`,
    )
    .join('');
  const state = sub.cancel_at
    ? fill(m.cancels_on, { date: date(sub.cancel_at) })
    : sub.status === 'trialing'
      ? fill(m.trial_ends, { date: date(sub.trial_end) })
      : fill(m.renews_on, { date: date(item?.current_period_end) });
  return `<ul class="plain-list">${lines}</ul><p><span class="status status-${esc(sub.status)}" data-status="${esc(sub.status)}">${esc(statusText(m, sub.status))}</span> <span class="muted">${esc(state)}</span></p>`;
}
