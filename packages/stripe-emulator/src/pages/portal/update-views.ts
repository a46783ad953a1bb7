import type Stripe from 'stripe';
import { quantityRange, updateBlocker } from '../../billing/portal-update-rules.js';
import { safeHref } from '../../wire/http-url.js';
import { esc } from '../html.js';
import { fill } from '../messages/index.js';
import type { PortalCtx } from './context.js';
import { portalLayout, priceLabel, subscriptionSummary } from './portal-layout.js';

export function updateView(ctx: PortalCtx, sub: Stripe.Subscription, error?: string): string {
  const { m } = ctx.locale;
  const blocker = updateBlocker(sub);
  if (blocker) {
    return portalLayout(
      ctx,
      m.update_subscription,
      `<h1>${esc(m.update_heading)}</h1>${subscriptionSummary(ctx, sub)}<p class="error" id="update-unavailable">${esc(blocker)}</p>`,
    );
  }
  const update = ctx.config.features.subscription_update;
  const item = sub.items.data[0];
  const current = item?.price;
  // Only the prices the configuration lists, and only when price changes are allowed at all.
  const products = update.default_allowed_updates.includes('price') ? (update.products ?? []) : [];
  const listed = products
    .flatMap((p) => p.prices)
    .map((id) => ctx.engine.state.prices[id])
    .filter((p): p is Stripe.Price => !!p && p.active && p.id !== current?.id);
  const choices = current ? [current, ...listed] : listed;
  const options = choices
    .map(
      (p) =>
        `<label><input type="radio" name="price" value="${esc(p.id)}" id="price-${esc(p.id)}"${p.id === current?.id ? ' checked' : ''}> ${esc(priceLabel(ctx, p))}${p.id === current?.id ? ` ${esc(m.current_badge)}` : ''}</label>`,
    )
    .join('');
  const range = current ? quantityRange(ctx.config, current) : null;
  const invalid = error ? ' aria-invalid="true" autofocus' : '';
  const qty = range
    ? `<label for="quantity">${esc(m.quantity)}</label><input type="number" id="quantity" name="quantity" min="${range.min}" max="${range.max}" step="1" value="${esc(item?.quantity ?? 1)}" aria-describedby="quantity-hint${error ? ' update-error' : ''}"${invalid}><p class="muted" id="quantity-hint">${esc(fill(m.quantity_hint, { min: range.min, max: range.max }))}</p>`
    : '';
  return portalLayout(
    ctx,
    m.update_subscription,
    `<h1>${esc(m.update_heading)}</h1>${subscriptionSummary(ctx, sub)}
${error ? `<p class="error" role="alert" id="update-error">${esc(error)}</p>` : ''}
<form method="get" action="${ctx.base}/confirm/${esc(sub.id)}"><fieldset class="choices"><legend>${esc(m.choose_plan)}</legend>${options}</fieldset>${qty}
<div class="actions"><button type="submit" id="continue">${esc(m.continue)}</button></div></form>`,
  );
}

export interface ConfirmRow {
  from: string;
  to: string;
}

export function confirmView(
  ctx: PortalCtx,
  rows: ConfirmRow[],
  preview: { label: 'amount_due_today' | 'prorated_next_invoice'; amount: string } | undefined,
  action: string,
  error?: string,
): string {
  const { m } = ctx.locale;
  const body = rows.map((r) => `<tr><td>${esc(r.from)}</td><td>${esc(r.to)}</td></tr>`).join('');
  const previewHtml = preview
    ? `<p id="proration-amount">${esc(m[preview.label])}: <strong>${esc(preview.amount)}</strong></p>`
    : '';
  return portalLayout(
    ctx,
    m.confirm_title,
    `<h1>${esc(m.confirm_heading)}</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<table><thead><tr><th scope="col">${esc(m.current)}</th><th scope="col">${esc(m.new)}</th></tr></thead><tbody>${body}</tbody></table>${previewHtml}
<form method="post" action="${esc(action)}"><div class="actions"><button type="submit" id="confirm-update">${esc(m.confirm)}</button>
<a class="button secondary" href="${esc(safeHref(ctx.session.return_url, ctx.base))}">${esc(m.cancel)}</a></div></form>`,
  );
}
