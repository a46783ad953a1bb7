import type Stripe from 'stripe';
import { quantityRange, updateBlocker } from '../billing/portal-update-rules.js';
import { type Engine, newestFirst } from '../engine.js';
import { listCustomerPaymentMethods } from '../resources/payment-methods.js';
import { safeHref } from '../wire/http-url.js';
import type { Branding } from './branding.js';
import { brandRow, esc, type LayoutOptions, layout } from './html.js';
import { fill, lookup, type Messages } from './messages.js';
import type { PageLocale } from './page-locale.js';

/** What every portal page is rendered from. */
export interface PortalCtx {
  engine: Engine;
  session: Stripe.BillingPortal.Session;
  config: Stripe.BillingPortal.Configuration;
  customer: Stripe.Customer;
  base: string;
  locale: PageLocale;
  branding: Branding;
}

/** The messages shown after an action, by the key the homepage's `?done=` carries (never free text). */
export const DONE_MESSAGES = [
  'offer_accepted',
  'canceled_done',
  'updated_done',
  'renewed_done',
  'payment_method_done',
] as const satisfies ReadonlyArray<keyof Messages>;
export type DoneMessage = (typeof DONE_MESSAGES)[number];

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

function brandName(p: Stripe.PaymentMethod): string {
  const brand = p.card?.brand ?? p.type;
  return brand === 'amex' ? 'American Express' : brand.charAt(0).toUpperCase() + brand.slice(1);
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

function productNames(ctx: PortalCtx, sub: Stripe.Subscription): string {
  return sub.items.data
    .map((i) => ctx.engine.state.products[i.price.product as string]?.name ?? (i.price.product as string))
    .join(', ');
}

export function homepage(ctx: PortalCtx, notice?: DoneMessage): string {
  const { engine, config, customer, locale } = ctx;
  const { m } = locale;
  const subs = newestFirst(engine.state.subscriptions).filter(
    (s) => s.customer === customer.id && s.status !== 'canceled' && s.status !== 'incomplete_expired',
  );
  const f = config.features;
  const subsHtml = subs.length
    ? subs
        .map((s) => {
          const actions: string[] = [];
          if (f.subscription_update.enabled && !updateBlocker(s)) {
            actions.push(
              `<a class="button" href="${ctx.base}/update/${esc(s.id)}">${esc(m.update_subscription)}</a>`,
            );
          }
          if (f.subscription_cancel.enabled && !s.cancel_at) {
            actions.push(
              `<a class="button secondary" href="${ctx.base}/cancel/${esc(s.id)}">${esc(m.cancel_subscription)}</a>`,
            );
          }
          if (f.subscription_cancel.enabled && s.cancel_at) {
            actions.push(
              `<form method="post" action="${ctx.base}/renew/${esc(s.id)}"><button type="submit">${esc(m.renew_subscription)}</button></form>`,
            );
          }
          return `<article class="card" aria-label="${esc(fill(m.subscription_label, { name: productNames(ctx, s) }))}">${subscriptionSummary(ctx, s)}<div class="actions">${actions.join('')}</div></article>`;
        })
        .join('')
    : `<p>${esc(m.no_subscriptions)}</p>`;
  const pms = listCustomerPaymentMethods(engine, customer.id);
  const defaultPm = customer.invoice_settings.default_payment_method;
  const expiry = (p: Stripe.PaymentMethod) =>
    p.card
      ? ` · ${fill(m.expires, { date: `${String(p.card.exp_month).padStart(2, '0')}/${p.card.exp_year}` })}`
      : '';
  const pmHtml = pms.length
    ? `<ul class="plain-list">${pms.map((p) => `<li>${esc(brandName(p))} •••• ${esc(p.card?.last4 ?? '')}<span class="muted">${esc(expiry(p))}</span>${p.id === defaultPm ? ` <span class="status">${esc(m.default_badge)}</span>` : ''}</li>`).join('')}</ul>`
    : `<p>${esc(m.no_payment_methods)}</p>`;
  const invoices = newestFirst(engine.state.invoices).filter((i) => i.customer === customer.id);
  const invoicesHtml = f.invoice_history.enabled
    ? `<section aria-labelledby="invoices-heading"><h2 id="invoices-heading">${esc(m.invoice_history)}</h2>${
        invoices.length
          ? `<table><thead><tr><th scope="col">${esc(m.date)}</th><th scope="col">${esc(m.amount)}</th><th scope="col">${esc(m.status)}</th></tr></thead><tbody>${invoices
              .map(
                (i) =>
                  `<tr><td>${esc(locale.date(i.created))}</td><td>${esc(locale.money(i.total, i.currency))}</td><td>${esc(lookup(m, `invoice_${i.status}`) ?? i.status)}</td></tr>`,
              )
              .join('')}</tbody></table>`
          : `<p>${esc(m.no_invoices)}</p>`
      }</section>`
    : '';
  return portalLayout(
    ctx,
    m.portal_title,
    `<h1>${esc(config.business_profile.headline ?? m.manage_billing)}</h1>
${notice ? `<p role="status" id="notice" class="notice">${esc(m[notice])}</p>` : ''}
<section aria-labelledby="subs-heading"><h2 id="subs-heading">${esc(m.current_subscription)}</h2>${subsHtml}</section>
<section aria-labelledby="pm-heading"><h2 id="pm-heading">${esc(m.payment_methods)}</h2>${pmHtml}${
      f.payment_method_update.enabled
        ? `<a class="button secondary" href="${ctx.base}/payment-method">${esc(m.add_payment_method)}</a>`
        : ''
    }</section>
${invoicesHtml}`,
  );
}

export function cancelView(
  ctx: PortalCtx,
  sub: Stripe.Subscription,
  offer: Stripe.Coupon | undefined,
  error?: string,
): string {
  const { m, date, money } = ctx.locale;
  const cancel = ctx.config.features.subscription_cancel;
  const reasons = cancel.cancellation_reason.enabled ? cancel.cancellation_reason.options : [];
  const offerHtml = offer
    ? `<section class="card" aria-labelledby="offer-heading"><h2 id="offer-heading">${esc(m.offer_heading)}</h2><p>${esc(
        fill(m.offer_text, {
          discount: offer.percent_off
            ? fill(m.percent_off, { percent: offer.percent_off })
            : fill(m.amount_off, { amount: money(offer.amount_off ?? 0, offer.currency ?? sub.currency) }),
          duration:
            offer.duration === 'repeating'
              ? fill(m.for_months, { count: offer.duration_in_months ?? 1 })
              : offer.duration === 'forever'
                ? m.forever
                : m.next_invoice,
        }),
      )}</p>
<form method="post" action="${ctx.base}/cancel/${esc(sub.id)}"><button type="submit" name="action" value="accept_offer" id="accept-offer">${esc(m.accept_offer)}</button></form></section>`
    : '';
  const when =
    cancel.mode === 'immediately'
      ? m.cancel_immediately
      : fill(m.cancel_at_end, { date: date(sub.items.data[0]?.current_period_end) });
  const reasonsHtml = reasons.length
    ? `<fieldset class="choices"><legend>${esc(m.why_cancel)}</legend>${reasons
        .map(
          (r) =>
            `<label><input type="radio" name="feedback" value="${esc(r)}" id="reason-${esc(r)}"> ${esc(lookup(m, `reason_${r}`) ?? r)}</label>`,
        )
        .join(
          '',
        )}<label for="comment">${esc(m.anything_else)}</label><textarea id="comment" name="comment" rows="3"></textarea></fieldset>`
    : '';
  const keep = ctx.session.return_url ?? ctx.base;
  return portalLayout(
    ctx,
    m.cancel_subscription,
    `<h1>${esc(m.cancel_heading)}</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
${subscriptionSummary(ctx, sub)}<p>${esc(when)}</p>${offerHtml}
<form method="post" action="${ctx.base}/cancel/${esc(sub.id)}">${reasonsHtml}
<div class="actions"><button type="submit" name="action" value="cancel" class="danger" id="confirm-cancel">${esc(m.cancel_subscription)}</button>
<a class="button secondary" id="keep-subscription" href="${esc(safeHref(keep))}">${esc(m.keep_subscription)}</a></div></form>`,
  );
}

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

export function paymentMethodView(
  ctx: PortalCtx,
  error?: string,
  cardNumber = '4242 4242 4242 4242',
): string {
  const { m } = ctx.locale;
  const invalid = error ? ' aria-describedby="card-error" aria-invalid="true" autofocus' : '';
  return portalLayout(
    ctx,
    m.add_payment_method,
    `<h1>${esc(m.payment_method_heading)}</h1>
<form method="post" action="${ctx.base}/payment-method"><fieldset class="card-group"><legend>${esc(m.card_information)}</legend>
<label for="card_number">${esc(m.card_number)}</label><input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required value="${esc(cardNumber)}"${invalid}>
${error ? `<p class="error" role="alert" id="card-error">${esc(error)}</p>` : ''}
<div class="row"><div><label for="expiry">${esc(m.expiry)}</label><input type="text" id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" value="12 / 34"></div>
<div><label for="cvc">${esc(m.cvc)}</label><input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" value="123"></div></div></fieldset>
<div class="actions"><button type="submit" id="add-payment-method">${esc(m.add_payment_method)}</button></div></form>`,
  );
}

export function confirmationView(ctx: PortalCtx, message: string): string {
  const { m } = ctx.locale;
  return portalLayout(
    ctx,
    m.done_title,
    `<h1>${esc(m.done_title)}</h1><p id="confirmation-message" role="status" class="notice">${esc(message)}</p>`,
  );
}

export function messageView(ctx: PortalCtx, heading: string): string {
  return portalLayout(ctx, ctx.locale.m.not_found, `<h1>${esc(heading)}</h1>`);
}
