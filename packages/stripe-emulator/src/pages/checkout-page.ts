import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { type CheckoutPayment, completeCheckout, successRedirect } from '../billing/complete-checkout.js';
import { formatAmount } from '../billing/money.js';
import type { Engine } from '../engine.js';
import { expireDueSessions, sessionLineItems, sessionTotals } from '../resources/checkout-sessions.js';
import { safeHref } from '../wire/http-url.js';
import { dateText, esc, layout, redirect, sendHtml } from './html.js';

/** Payments waiting for the 3-D Secure stand-in, by session id (in memory: a restart asks again). */
const pendingAuth = new Map<string, CheckoutPayment>();

/**
 * The pages are written in English only, so `lang` stays `en` whatever the session's `locale`
 * (declaring another language over English text would make screen readers mispronounce it).
 */
function lang(_session: Stripe.Checkout.Session): string {
  return 'en';
}

function back(session: Stripe.Checkout.Session) {
  return session.cancel_url ? { href: session.cancel_url, label: 'Back' } : null;
}

function renderCheckout(
  engine: Engine,
  session: Stripe.Checkout.Session,
  error?: { field: string; message: string },
  values: Record<string, string> = {},
): string {
  const extras = engine.state.checkoutExtras[session.id];
  const currency = session.currency ?? 'usd';
  const items = sessionLineItems(engine, session.id);
  const rows = items
    .map((li) => {
      const price = li.price;
      const unit = price ? formatAmount((price.unit_amount ?? 0) * (li.quantity ?? 1), currency) : '';
      const interval = price?.recurring
        ? ` / ${price.recurring.interval_count > 1 ? `${price.recurring.interval_count} ` : ''}${price.recurring.interval}`
        : '';
      return `<tr><td>${esc(li.description)}${(li.quantity ?? 1) > 1 ? ` × ${li.quantity}` : ''}</td><td>${esc(unit + interval)}</td></tr>`;
    })
    .join('');
  const totals = extras ? sessionTotals(engine, extras, currency) : { subtotal: 0, discount: 0, total: 0 };
  const trialDays = extras?.trial_period_days;
  const trial = trialDays
    ? `<p id="trial-note">${esc(trialDays)}-day free trial. First charge on ${esc(dateText(engine.now() + trialDays * 86_400))}.</p>`
    : '';
  const discount = totals.discount
    ? `<tr><td>Discount</td><td id="discount-amount">−${esc(formatAmount(totals.discount, currency))}</td></tr>`
    : '';
  const err = (field: string) =>
    error && error.field === field
      ? `<p class="error" id="${field}-error" role="alert">${esc(error.message)}</p>`
      : '';
  // The error is tied to its input (aria-describedby + aria-invalid) and the input gets focus on the
  // re-rendered page, so keyboard and screen-reader users land on what needs fixing.
  const describedBy = (field: string, hint?: string) => {
    const invalid = error?.field === field;
    const ids = [hint, invalid ? `${field}-error` : undefined].filter(Boolean).join(' ');
    return `${ids ? ` aria-describedby="${ids}"` : ''}${invalid ? ' aria-invalid="true" autofocus' : ''}`;
  };
  const emailField = session.customer
    ? ''
    : session.customer_email
      ? `<p>Email: <strong id="customer-email">${esc(session.customer_email)}</strong></p>`
      : `<label for="email">Email</label><input type="email" id="email" name="email" autocomplete="email" required value="${esc(values.email ?? '')}"${describedBy('email')}>${err('email')}`;
  const promo = session.allow_promotion_codes
    ? `<label for="promotion_code">Promotion code</label><input type="text" id="promotion_code" name="promotion_code" value="${esc(values.promotion_code ?? '')}"${describedBy('promotion_code')}>${err('promotion_code')}`
    : '';
  const cardNumber = values.card_number ?? '4242 4242 4242 4242';
  return layout(
    'Checkout',
    `<h1>Subscribe</h1>
<section aria-labelledby="summary-heading"><h2 id="summary-heading">Order summary</h2>
<table><thead><tr><th scope="col">Item</th><th scope="col">Price</th></tr></thead><tbody>${rows}${discount}</tbody></table>
${trial}<p class="total">Total due today: <span id="total-due">${esc(formatAmount(totals.total, currency))}</span></p></section>
<form method="post" action="/c/pay/${esc(session.id)}" aria-labelledby="pay-heading">
<h2 id="pay-heading">Payment details</h2>
${err('session')}
${emailField}
<label for="name">Name on card</label><input type="text" id="name" name="name" autocomplete="cc-name" value="${esc(values.name ?? '')}">
<label for="card_number">Card number</label><input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required value="${esc(cardNumber)}"${describedBy('card', 'card-hint')}>
${err('card')}
<p class="muted" id="card-hint">Test cards: 4242 4242 4242 4242 (succeeds), 4000 0000 0000 0002 (declined), 4000 0025 0000 3155 (3-D Secure), 4000 0000 0000 0341 (later charges fail).</p>
<label for="expiry">Expiry (MM / YY)</label><input type="text" id="expiry" name="expiry" autocomplete="cc-exp" value="${esc(values.expiry ?? '12 / 34')}">
<label for="cvc">CVC</label><input type="text" id="cvc" name="cvc" autocomplete="cc-csc" value="${esc(values.cvc ?? '123')}">
${promo}
<div class="actions"><button type="submit" id="submit">${trialDays ? 'Start trial' : 'Subscribe'}</button>${
      session.cancel_url
        ? `<a class="button secondary" id="cancel-link" href="${esc(safeHref(session.cancel_url))}">Cancel</a>`
        : ''
    }</div>
</form>`,
    { lang: lang(session), back: back(session) },
  );
}

function renderClosed(session: Stripe.Checkout.Session): string {
  const message =
    session.status === 'complete'
      ? 'This Checkout Session is already complete.'
      : 'This Checkout Session has expired.';
  return layout('Checkout', `<h1>Checkout</h1><p id="session-status">${esc(message)}</p>`, {
    lang: lang(session),
    back: back(session),
  });
}

function render3ds(session: Stripe.Checkout.Session): string {
  return layout(
    '3-D Secure',
    `<h1>Authenticate your payment</h1>
<p>This stands in for your bank's 3-D Secure check.</p>
<form method="post" action="/c/3ds/${esc(session.id)}"><div class="actions">
<button type="submit" name="action" value="approve" id="authorize">Complete authentication</button>
<button type="submit" name="action" value="fail" class="secondary" id="fail-authentication">Fail authentication</button>
</div></form>`,
    { lang: lang(session), back: back(session) },
  );
}

function finish(
  engine: Engine,
  res: ServerResponse,
  session: Stripe.Checkout.Session,
  payment: CheckoutPayment,
  values: Record<string, string>,
): void {
  const result = completeCheckout(engine, session, payment);
  engine.changed();
  if (result.kind === 'complete') {
    redirect(res, result.redirect ?? `/c/done/${session.id}`);
  } else if (result.kind === 'requires_action') {
    pendingAuth.set(session.id, payment);
    redirect(res, `/c/3ds/${session.id}`);
  } else {
    sendHtml(res, result.field === 'card' ? 402 : 400, renderCheckout(engine, session, result, values));
  }
}

/** Handles `/c/...`: the Checkout page, its form post, the 3-D Secure stand-in and the done page. */
export async function checkoutPage(
  engine: Engine,
  res: ServerResponse,
  method: string,
  path: string,
  body: string,
): Promise<boolean> {
  const m = /^\/c\/(pay|3ds|done)\/([^/]+)$/.exec(path);
  if (!m) return false;
  const [, kind, id] = m;
  expireDueSessions(engine);
  const session = engine.state.checkoutSessions[id ?? ''];
  if (!session) {
    sendHtml(res, 404, layout('Not found', '<h1>Checkout Session not found</h1>'));
    return true;
  }
  const form = Object.fromEntries(new URLSearchParams(body));
  if (kind === 'done') {
    sendHtml(
      res,
      200,
      layout('Done', `<h1>Thanks!</h1><p id="session-status">Your subscription is active.</p>`, {
        lang: lang(session),
      }),
    );
    return true;
  }
  if (session.status !== 'open') {
    if (session.status === 'complete' && method === 'GET' && kind === 'pay') {
      sendHtml(res, 200, renderClosed(session));
      return true;
    }
    sendHtml(res, 410, renderClosed(session));
    return true;
  }
  if (kind === 'pay') {
    if (method === 'GET') sendHtml(res, 200, renderCheckout(engine, session));
    else {
      const payment: CheckoutPayment = { cardNumber: form.card_number ?? '' };
      if (form.email) payment.email = form.email;
      if (form.name) payment.name = form.name;
      if (form.promotion_code) payment.promotionCode = form.promotion_code;
      finish(engine, res, session, payment, form);
    }
    return true;
  }
  const pending = pendingAuth.get(session.id);
  if (!pending) {
    redirect(res, `/c/pay/${session.id}`);
    return true;
  }
  if (method === 'GET') {
    sendHtml(res, 200, render3ds(session));
    return true;
  }
  pendingAuth.delete(session.id);
  if (form.action === 'approve') finish(engine, res, session, { ...pending, authenticated: true }, {});
  else {
    sendHtml(
      res,
      402,
      renderCheckout(engine, session, {
        field: 'card',
        message:
          'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
      }),
    );
  }
  return true;
}

export { successRedirect };
