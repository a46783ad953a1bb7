import type Stripe from 'stripe';
import { updateBlocker } from '../../billing/portal-update-rules.js';
import { newestFirst } from '../../engine.js';
import { listCustomerPaymentMethods } from '../../resources/payment-methods.js';
import { esc } from '../html.js';
import { fill, lookup } from '../messages/index.js';
import type { DoneMessage, PortalCtx } from './context.js';
import { portalLayout, subscriptionSummary } from './portal-layout.js';

function brandName(p: Stripe.PaymentMethod): string {
  const brand = p.card?.brand ?? p.type;
  return brand === 'amex' ? 'American Express' : brand.charAt(0).toUpperCase() + brand.slice(1);
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
