import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { sessionTotals } from '../billing/checkout-totals.js';
import { type CheckoutPayment, completeCheckout, successRedirect } from '../billing/complete-checkout.js';
import type { Engine } from '../engine.js';
import { sessionLineItems } from '../resources/checkout-line-items.js';
import { expireDueSessions } from '../resources/checkout-sessions.js';
import type { CheckoutExtras } from '../state/state.js';
import { safeHref } from '../wire/http-url.js';
import { type Branding, brandingOf } from './branding.js';
import { type Field, type FieldError, formError } from './checkout-form-checks.js';
import { brandRow, esc, type LayoutOptions, layout, plainPage, redirect, sendHtml } from './html.js';
import { fill, type Messages } from './messages/index.js';
import { type PageLocale, pageLocale } from './page-locale.js';

/** Payments waiting for the 3-D Secure stand-in, by session id (in memory: a restart asks again). */
const pendingAuth = new Map<string, CheckoutPayment>();

interface Page {
  engine: Engine;
  session: Stripe.Checkout.Session;
  locale: PageLocale;
  branding: Branding;
}

function options(p: Page): LayoutOptions {
  const back = p.session.cancel_url ? { href: p.session.cancel_url, label: p.locale.m.back } : null;
  return { locale: p.locale, branding: p.branding, back };
}

/** The page's words for an error from payment: what went wrong and what to do next. */
function errorText(m: Messages, error: FieldError): string {
  const known: Partial<Record<Field, string>> = {
    email: m.error_email,
    promotion_code: m.error_promotion_code,
    session: m.error_session,
    expiry: m.error_expiry,
    cvc: m.error_cvc,
  };
  if (error.field !== 'card') return known[error.field] ?? error.message;
  if (/number is incorrect/i.test(error.message)) return m.error_card_number;
  if (/authenticate/i.test(error.message)) return m.error_authentication;
  if (/declined/i.test(error.message)) return m.error_card_declined;
  return error.message;
}

function summary(p: Page): string {
  const { engine, session, locale } = p;
  const { m } = locale;
  const extras = engine.state.checkoutExtras[session.id];
  const currency = session.currency ?? 'usd';
  const items = sessionLineItems(engine, session.id);
  const first = items[0]?.price;
  const product = first ? engine.state.products[first.product as string] : undefined;
  const single = items.length === 1 && (items[0]?.quantity ?? 1) === 1;
  const unit = product?.unit_label && single ? ` ${fill(m.per_unit, { unit: product.unit_label })}` : '';
  const rows = items
    .map((li) => {
      const price = li.price;
      const quantity = li.quantity ?? 1;
      const amount = price ? locale.money((price.unit_amount ?? 0) * quantity, currency) : '';
      const each =
        quantity > 1 && price ? fill(m.each, { amount: locale.money(price.unit_amount ?? 0, currency) }) : '';
      const meta = [
        quantity > 1 ? fill(m.qty, { count: quantity }) : '',
        each,
        locale.interval(price?.recurring),
      ]
        .filter(Boolean)
        .join(' · ');
      return `<tr><td>${esc(li.description)}<span class="line-meta">${esc(meta)}</span></td><td>${esc(amount)}</td></tr>`;
    })
    .join('');
  const totals = extras ? sessionTotals(engine, extras, currency) : { subtotal: 0, discount: 0, total: 0 };
  const trialDays = extras?.trial_period_days;
  const recurringTotal = items.reduce((s, li) => s + (li.price?.unit_amount ?? 0) * (li.quantity ?? 1), 0);
  const headline = trialDays
    ? `${esc(fill(m.trial_days, { days: trialDays }))}<small>${esc(fill(m.then_amount, { amount: `${locale.money(recurringTotal, currency)} ${locale.interval(first?.recurring)}` }))}</small>`
    : `${esc(locale.money(recurringTotal, currency))} <small>${esc(locale.interval(first?.recurring) + unit)}</small>`;
  const trial = trialDays
    ? `<p id="trial-note" class="muted">${esc(fill(m.trial_note, { days: trialDays, date: locale.date(engine.now() + trialDays * 86_400) }))}</p>`
    : '';
  const discount = totals.discount
    ? `<tr class="sum"><td>${esc(m.discount)}</td><td id="discount-amount">−${esc(locale.money(totals.discount, currency))}</td></tr>`
    : '';
  const name = items.map((li) => li.description).join(', ');
  return `<section class="pane summary" aria-labelledby="summary-heading"><div class="pane-inner">
${brandRow(options(p))}
<h1><span class="eyebrow">${esc(session.mode === 'payment' ? name : fill(m.subscribe_to, { name }))}</span></h1>
<p class="headline-price">${headline}</p>
<h2 id="summary-heading" class="visually-hidden">${esc(m.order_summary)}</h2>
<table class="lines"><thead class="visually-hidden"><tr><th scope="col">${esc(m.item)}</th><th scope="col">${esc(m.price)}</th></tr></thead><tbody>${rows}
<tr class="sum"><td>${esc(m.subtotal)}</td><td>${esc(locale.money(totals.subtotal, currency))}</td></tr>${discount}
<tr class="sum total"><td>${esc(m.total_due_today)}</td><td id="total-due">${esc(locale.money(totals.total, currency))}</td></tr></tbody></table>
${trial}</div></section>`;
}

function submitLabel(
  session: Stripe.Checkout.Session,
  extras: CheckoutExtras | undefined,
  m: Messages,
): string {
  if (session.mode === 'payment') return m.pay;
  return extras?.trial_period_days ? m.start_trial : m.subscribe;
}

function renderCheckout(p: Page, error?: FieldError, values: Record<string, string> = {}): string {
  const { session, locale } = p;
  const { m } = locale;
  const extras = p.engine.state.checkoutExtras[session.id];
  const err = (field: Field) =>
    error && error.field === field
      ? `<p class="error" id="${field}-error" role="alert">${esc(errorText(m, error))}</p>`
      : '';
  // The error is tied to its input (aria-describedby + aria-invalid) and the input gets focus on the
  // re-rendered page, so keyboard and screen-reader users land on what needs fixing.
  const describedBy = (field: Field, hint?: string) => {
    const invalid = error?.field === field;
    const ids = [hint, invalid ? `${field}-error` : undefined].filter(Boolean).join(' ');
    return `${ids ? ` aria-describedby="${ids}"` : ''}${invalid ? ' aria-invalid="true" autofocus' : ''}`;
  };
  const emailField = session.customer
    ? ''
    : session.customer_email
      ? `<p>${esc(m.email)}: <strong id="customer-email">${esc(session.customer_email)}</strong></p>`
      : `<label for="email">${esc(m.email)}</label><input type="email" id="email" name="email" autocomplete="email" required value="${esc(values.email ?? '')}"${describedBy('email')}>${err('email')}`;
  const promo = session.allow_promotion_codes
    ? `<label for="promotion_code">${esc(m.promotion_code)}</label><input type="text" id="promotion_code" name="promotion_code" value="${esc(values.promotion_code ?? '')}"${describedBy('promotion_code')}>${err('promotion_code')}`
    : '';
  const cardNumber = values.card_number ?? '4242 4242 4242 4242';
  const form = `<section class="pane form-pane" aria-labelledby="pay-heading"><div class="pane-inner">
<form method="post" action="/c/pay/${esc(session.id)}" novalidate>
<h2 id="pay-heading">${esc(m.pay_with_card)}</h2>
${err('session')}
${emailField}
<label for="name">${esc(m.name_on_card)}</label><input type="text" id="name" name="name" autocomplete="cc-name" value="${esc(values.name ?? '')}">
<fieldset class="card-group"><legend>${esc(m.card_information)}</legend>
<label for="card_number">${esc(m.card_number)}</label><input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required value="${esc(cardNumber)}"${describedBy('card', 'card-hint')}>
${err('card')}
<div class="row"><div><label for="expiry">${esc(m.expiry)}</label><input type="text" id="expiry" name="expiry" inputmode="numeric" autocomplete="cc-exp" required value="${esc(values.expiry ?? '12 / 34')}"${describedBy('expiry')}></div>
<div><label for="cvc">${esc(m.cvc)}</label><input type="text" id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" required value="${esc(values.cvc ?? '123')}"${describedBy('cvc')}></div></div>
${err('expiry')}${err('cvc')}
<p class="muted" id="card-hint">${esc(m.card_hint)}</p></fieldset>
${promo}
<button type="submit" id="submit" class="wide">${esc(submitLabel(session, extras, m))}</button>
${session.cancel_url ? `<div class="actions"><a class="button secondary" id="cancel-link" href="${esc(safeHref(session.cancel_url))}">${esc(m.cancel)}</a></div>` : ''}
<p class="powered">${esc(m.powered_by)}</p>
</form></div></section>`;
  return layout(
    m.checkout_title,
    `<main id="main" class="layout checkout">${summary(p)}${form}</main>`,
    options(p),
  );
}

/** A page that only says where the session stands: complete or expired. */
function renderStatus(p: Page, message: string): string {
  const { m } = p.locale;
  return plainPage(
    m.checkout_title,
    `<h1>${esc(m.checkout_title)}</h1><p id="session-status">${esc(message)}</p>`,
    options(p),
  );
}

function render3ds(p: Page): string {
  const { m } = p.locale;
  return plainPage(
    m.authenticate_title,
    `<h1>${esc(m.authenticate_heading)}</h1>
<p>${esc(m.authenticate_text)}</p>
<form method="post" action="/c/3ds/${esc(p.session.id)}"><div class="actions">
<button type="submit" name="action" value="approve" id="authorize">${esc(m.authenticate_approve)}</button>
<button type="submit" name="action" value="fail" class="secondary" id="fail-authentication">${esc(m.authenticate_fail)}</button>
</div></form>`,
    options(p),
  );
}

function finish(
  p: Page,
  res: ServerResponse,
  payment: CheckoutPayment,
  values: Record<string, string>,
): void {
  const result = completeCheckout(p.engine, p.session, payment);
  p.engine.changed();
  if (result.kind === 'complete') {
    redirect(res, result.redirect ?? `/c/done/${p.session.id}`);
  } else if (result.kind === 'requires_action') {
    pendingAuth.set(p.session.id, payment);
    redirect(res, `/c/3ds/${p.session.id}`);
  } else {
    sendHtml(res, result.field === 'card' ? 402 : 400, renderCheckout(p, result, values));
  }
}

/** Handles `/c/...`: the Checkout page, its form post, the 3-D Secure stand-in and the done page. */
export async function checkoutPage(
  engine: Engine,
  res: ServerResponse,
  method: string,
  path: string,
  body: string,
  acceptLanguage?: string,
): Promise<boolean> {
  const match = /^\/c\/(pay|3ds|done)\/([^/]+)$/.exec(path);
  if (!match) return false;
  const [, kind, id] = match;
  expireDueSessions(engine);
  const session = engine.state.checkoutSessions[id ?? ''];
  const branding = brandingOf(engine);
  if (!session) {
    const locale = pageLocale(null, acceptLanguage);
    sendHtml(
      res,
      404,
      plainPage(locale.m.not_found, `<h1>${esc(locale.m.session_not_found)}</h1>`, { locale, branding }),
    );
    return true;
  }
  const p: Page = { engine, session, locale: pageLocale(session.locale, acceptLanguage), branding };
  const { m } = p.locale;
  const form = Object.fromEntries(new URLSearchParams(body));
  if (kind === 'done') {
    sendHtml(
      res,
      200,
      plainPage(
        m.done_title,
        `<h1>${esc(m.thanks)}</h1><p id="session-status">${esc(session.mode === 'payment' ? m.payment_complete : m.subscription_active)}</p>`,
        {
          locale: p.locale,
          branding,
        },
      ),
    );
    return true;
  }
  if (session.status !== 'open') {
    const status = session.status === 'complete' && method === 'GET' && kind === 'pay' ? 200 : 410;
    sendHtml(
      res,
      status,
      renderStatus(p, session.status === 'complete' ? m.session_complete : m.session_expired),
    );
    return true;
  }
  if (kind === 'pay') {
    if (method === 'GET') sendHtml(res, 200, renderCheckout(p));
    else {
      const invalid = formError(form, engine.now());
      if (invalid) {
        sendHtml(res, 400, renderCheckout(p, invalid, form));
        return true;
      }
      const payment: CheckoutPayment = { cardNumber: form.card_number ?? '' };
      if (form.email) payment.email = form.email;
      if (form.name) payment.name = form.name;
      if (form.promotion_code) payment.promotionCode = form.promotion_code;
      finish(p, res, payment, form);
    }
    return true;
  }
  const pending = pendingAuth.get(session.id);
  if (!pending) {
    redirect(res, `/c/pay/${session.id}`);
    return true;
  }
  if (method === 'GET') {
    sendHtml(res, 200, render3ds(p));
    return true;
  }
  pendingAuth.delete(session.id);
  if (form.action === 'approve') finish(p, res, { ...pending, authenticated: true }, {});
  else sendHtml(res, 402, renderCheckout(p, { field: 'card', message: 'authenticate' }));
  return true;
}

export { successRedirect };
