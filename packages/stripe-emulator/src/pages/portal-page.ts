import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { couponOfDiscount } from '../billing/discounts.js';
import { cancelNow } from '../billing/lifecycle.js';
import { formatAmount } from '../billing/money.js';
import { quantityRange, refuseChange, updateBlocker } from '../billing/portal-update-rules.js';
import { cardFromNumber } from '../billing/test-cards.js';
import { FEEDBACK, updateSubscription } from '../billing/update-subscription.js';
import { type Engine, newestFirst } from '../engine.js';
import { setDefaultPaymentMethod } from '../resources/customers.js';
import {
  attachPaymentMethod,
  createCardPaymentMethod,
  listCustomerPaymentMethods,
} from '../resources/payment-methods.js';
import type { ParamObject } from '../wire/form.js';
import { Params } from '../wire/params.js';
import { StripeApiError } from '../wire/stripe-error.js';
import { dateText, esc, layout, redirect, sendHtml } from './html.js';

const REASON_LABELS: Record<string, string> = {
  too_expensive: "It's too expensive",
  missing_features: 'Some features are missing',
  switched_service: "I'm switching to a different service",
  unused: "I don't use the service enough",
  customer_service: 'Customer service was less than expected',
  too_complex: 'Ease of use was less than expected',
  low_quality: 'Quality was less than expected',
  other: 'Other reason',
};

interface Ctx {
  engine: Engine;
  session: Stripe.BillingPortal.Session;
  config: Stripe.BillingPortal.Configuration;
  customer: Stripe.Customer;
  base: string;
}

function page(ctx: Ctx, title: string, body: string): string {
  const back = ctx.session.return_url ? { href: ctx.session.return_url, label: 'Return' } : null;
  // English-only pages: `lang` stays `en` whatever the session's `locale` (see checkout-page.ts).
  return layout(title, body, { lang: 'en', back });
}

function priceLabel(engine: Engine, price: Stripe.Price, quantity = 1): string {
  const product = engine.state.products[price.product as string];
  const every = price.recurring
    ? ` per ${price.recurring.interval_count > 1 ? `${price.recurring.interval_count} ` : ''}${price.recurring.interval}`
    : '';
  const unit = product?.unit_label ? ` per ${product.unit_label}` : '';
  return `${product?.name ?? price.product} — ${formatAmount((price.unit_amount ?? 0) * quantity, price.currency)}${unit}${every}${quantity > 1 ? ` (× ${quantity})` : ''}`;
}

function subscriptionSummary(ctx: Ctx, sub: Stripe.Subscription): string {
  const item = sub.items.data[0];
  const lines = sub.items.data
    .map(
      (i) =>
        `<li>${esc(priceLabel(ctx.engine, ctx.engine.state.prices[i.price.id] ?? i.price, i.quantity ?? 1))}</li>`,
    )
    .join('');
  const end = item?.current_period_end;
  const state = sub.cancel_at
    ? `Cancels on ${dateText(sub.cancel_at)}`
    : sub.status === 'trialing'
      ? `Trial ends ${dateText(sub.trial_end)}`
      : `Renews on ${dateText(end)}`;
  return `<ul>${lines}</ul><p>Status: <strong class="status">${esc(sub.status)}</strong>. ${esc(state)}.</p>`;
}

/** After a flow's action: redirect, hosted confirmation, or back to the portal homepage. */
function afterCompletion(ctx: Ctx, res: ServerResponse, message: string): void {
  const after = ctx.session.flow?.after_completion;
  if (after?.type === 'redirect' && after.redirect) {
    redirect(res, after.redirect.return_url);
    return;
  }
  if (after?.type === 'hosted_confirmation') {
    const custom = after.hosted_confirmation?.custom_message;
    sendHtml(
      res,
      200,
      page(
        ctx,
        'Done',
        `<h1>Done</h1><p id="confirmation-message" role="status">${esc(custom ?? message)}</p>`,
      ),
    );
    return;
  }
  redirect(res, `${ctx.base}?done=${encodeURIComponent(message)}`);
}

function homepage(ctx: Ctx, notice?: string): string {
  const { engine, config, customer } = ctx;
  const subs = newestFirst(engine.state.subscriptions).filter(
    (s) => s.customer === customer.id && s.status !== 'canceled' && s.status !== 'incomplete_expired',
  );
  const f = config.features;
  const subsHtml = subs.length
    ? subs
        .map((s) => {
          const actions: string[] = [];
          if (f.subscription_update.enabled && !updateBlocker(s)) {
            actions.push(`<a class="button" href="${ctx.base}/update/${esc(s.id)}">Update subscription</a>`);
          }
          if (f.subscription_cancel.enabled && !s.cancel_at) {
            actions.push(
              `<a class="button secondary" href="${ctx.base}/cancel/${esc(s.id)}">Cancel subscription</a>`,
            );
          }
          if (s.cancel_at) {
            actions.push(
              `<form method="post" action="${ctx.base}/renew/${esc(s.id)}"><button type="submit">Renew subscription</button></form>`,
            );
          }
          return `<article aria-label="Subscription ${esc(s.id)}">${subscriptionSummary(ctx, s)}<div class="actions">${actions.join('')}</div></article>`;
        })
        .join('<hr>')
    : '<p>No active subscriptions.</p>';
  const pms = listCustomerPaymentMethods(engine, customer.id);
  const defaultPm = customer.invoice_settings.default_payment_method;
  const pmHtml = pms.length
    ? `<ul>${pms.map((p) => `<li>${esc(p.card?.brand ?? p.type)} •••• ${esc(p.card?.last4 ?? '')}${p.id === defaultPm ? ' <strong>(default)</strong>' : ''}</li>`).join('')}</ul>`
    : '<p>No payment methods.</p>';
  const invoices = newestFirst(engine.state.invoices).filter((i) => i.customer === customer.id);
  const invoicesHtml = f.invoice_history.enabled
    ? `<section aria-labelledby="invoices-heading"><h2 id="invoices-heading">Invoice history</h2>${
        invoices.length
          ? `<table><thead><tr><th scope="col">Date</th><th scope="col">Amount</th><th scope="col">Status</th></tr></thead><tbody>${invoices
              .map(
                (i) =>
                  `<tr><td>${esc(dateText(i.created))}</td><td>${esc(formatAmount(i.total, i.currency))}</td><td>${esc(i.status)}</td></tr>`,
              )
              .join('')}</tbody></table>`
          : '<p>No invoices.</p>'
      }</section>`
    : '';
  return page(
    ctx,
    'Billing',
    `<h1>${esc(config.business_profile.headline ?? 'Manage your billing')}</h1>
${notice ? `<p role="status" id="notice">${esc(notice)}</p>` : ''}
<p class="muted">${esc(customer.email ?? customer.id)}</p>
<section aria-labelledby="subs-heading"><h2 id="subs-heading">Current subscription</h2>${subsHtml}</section>
<section aria-labelledby="pm-heading"><h2 id="pm-heading">Payment methods</h2>${pmHtml}${
      f.payment_method_update.enabled
        ? `<a class="button secondary" href="${ctx.base}/payment-method">Add payment method</a>`
        : ''
    }</section>
${invoicesHtml}`,
  );
}

function ownedSub(ctx: Ctx, id: string): Stripe.Subscription | undefined {
  const sub = ctx.engine.state.subscriptions[id];
  return sub && sub.customer === ctx.customer.id ? sub : undefined;
}

function retentionCoupon(ctx: Ctx): Stripe.Coupon | undefined {
  // Stripe carries the retention offer on the flow; the configuration has no such field, so the emulator
  // also accepts `metadata.plankit_retention_coupon` on the configuration (a Plankit convention).
  const id =
    ctx.session.flow?.subscription_cancel?.retention?.coupon_offer?.coupon ??
    ctx.config.metadata?.plankit_retention_coupon;
  return id ? ctx.engine.state.coupons[id] : undefined;
}

/** Whether the subscription already carries this coupon (an accepted offer is never offered or applied twice). */
function hasCoupon(ctx: Ctx, sub: Stripe.Subscription, coupon: Stripe.Coupon): boolean {
  return (sub.discounts as string[]).some((d) => couponOfDiscount(ctx.engine, d)?.id === coupon.id);
}

/** The retention offer still open for this subscription. */
function openOffer(ctx: Ctx, sub: Stripe.Subscription): Stripe.Coupon | undefined {
  const coupon = retentionCoupon(ctx);
  return coupon && !hasCoupon(ctx, sub, coupon) ? coupon : undefined;
}

function cancelPage(ctx: Ctx, sub: Stripe.Subscription, error?: string): string {
  const cancel = ctx.config.features.subscription_cancel;
  const reasons = cancel.cancellation_reason.enabled ? cancel.cancellation_reason.options : [];
  const coupon = openOffer(ctx, sub);
  const offer = coupon
    ? `<section aria-labelledby="offer-heading"><h2 id="offer-heading">Before you go</h2><p>Stay and get ${esc(
        coupon.percent_off
          ? `${coupon.percent_off}% off`
          : formatAmount(coupon.amount_off ?? 0, coupon.currency ?? sub.currency),
      )}${coupon.duration === 'repeating' ? ` for ${coupon.duration_in_months} months` : coupon.duration === 'forever' ? ' forever' : ' on your next invoice'}.</p>
<form method="post" action="${ctx.base}/cancel/${esc(sub.id)}"><button type="submit" name="action" value="accept_offer" id="accept-offer">Accept offer</button></form></section>`
    : '';
  const when =
    cancel.mode === 'immediately'
      ? 'Your subscription will be canceled immediately.'
      : `Your subscription will be canceled at the end of the billing period, on ${dateText(sub.items.data[0]?.current_period_end)}.`;
  const reasonsHtml = reasons.length
    ? `<fieldset><legend>Why are you canceling?</legend>${reasons
        .map(
          (r) =>
            `<label><input type="radio" name="feedback" value="${esc(r)}" id="reason-${esc(r)}"> ${esc(REASON_LABELS[r] ?? r)}</label>`,
        )
        .join(
          '',
        )}<label for="comment">Anything else? (optional)</label><textarea id="comment" name="comment" rows="3"></textarea></fieldset>`
    : '';
  const keep = ctx.session.return_url ?? ctx.base;
  return page(
    ctx,
    'Cancel subscription',
    `<h1>Cancel your subscription</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
${subscriptionSummary(ctx, sub)}<p>${esc(when)}</p>${offer}
<form method="post" action="${ctx.base}/cancel/${esc(sub.id)}">${reasonsHtml}
<div class="actions"><button type="submit" name="action" value="cancel" class="danger" id="confirm-cancel">Cancel subscription</button>
<a class="button secondary" id="keep-subscription" href="${esc(keep)}">Keep subscription</a></div></form>`,
  );
}

function doCancel(
  ctx: Ctx,
  res: ServerResponse,
  sub: Stripe.Subscription,
  form: Record<string, string>,
): void {
  const { engine } = ctx;
  if (form.action === 'accept_offer') {
    const coupon = openOffer(ctx, sub);
    if (coupon) {
      const existing = (sub.discounts as string[]).map((d) => ({ discount: d }));
      updateSubscription(engine, sub, new Params({ discounts: [...existing, { coupon: coupon.id }] }));
    }
    afterCompletion(ctx, res, 'Offer accepted. Your discount has been applied.');
    return;
  }
  const feedback = (FEEDBACK as readonly string[]).includes(form.feedback ?? '') ? form.feedback : undefined;
  const comment = form.comment?.trim() || undefined;
  if (ctx.config.features.subscription_cancel.mode === 'immediately') {
    const details: Partial<Stripe.Subscription.CancellationDetails> = { reason: 'cancellation_requested' };
    if (feedback) details.feedback = feedback as Stripe.Subscription.CancellationDetails.Feedback;
    if (comment) details.comment = comment;
    cancelNow(engine, sub, details);
  } else {
    const details: ParamObject = {};
    if (feedback) details.feedback = feedback;
    if (comment) details.comment = comment;
    updateSubscription(
      engine,
      sub,
      new Params({ cancel_at_period_end: 'true', cancellation_details: details }),
    );
  }
  afterCompletion(ctx, res, 'Your subscription has been canceled.');
}

function updateChoices(ctx: Ctx, sub: Stripe.Subscription, error?: string): string {
  const blocker = updateBlocker(sub);
  if (blocker) {
    return page(
      ctx,
      'Update subscription',
      `<h1>Update your plan</h1>${subscriptionSummary(ctx, sub)}<p class="error" id="update-unavailable">${esc(blocker)}</p>`,
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
        `<label><input type="radio" name="price" value="${esc(p.id)}" id="price-${esc(p.id)}"${p.id === current?.id ? ' checked' : ''}> ${esc(priceLabel(ctx.engine, p))}${p.id === current?.id ? ' (current)' : ''}</label>`,
    )
    .join('');
  const range = current ? quantityRange(ctx.config, current) : null;
  const invalid = error ? ' aria-invalid="true" aria-describedby="update-error" autofocus' : '';
  const qty = range
    ? `<label for="quantity">Quantity</label><input type="number" id="quantity" name="quantity" min="${range.min}" max="${range.max}" step="1" value="${esc(item?.quantity ?? 1)}" aria-describedby="quantity-hint"${invalid}><p class="muted" id="quantity-hint">From ${range.min} to ${range.max}.</p>`
    : '';
  return page(
    ctx,
    'Update subscription',
    `<h1>Update your plan</h1>${subscriptionSummary(ctx, sub)}
${error ? `<p class="error" role="alert" id="update-error">${esc(error)}</p>` : ''}
<form method="get" action="${ctx.base}/confirm/${esc(sub.id)}"><fieldset><legend>Choose a plan</legend>${options}</fieldset>${qty}
<div class="actions"><button type="submit" id="continue">Continue</button></div></form>`,
  );
}

interface Change {
  items: Array<{ id: string; price?: string; quantity?: number }>;
  discounts: Array<{ coupon?: string; promotion_code?: string }>;
}

function changeFromQuery(sub: Stripe.Subscription, query: URLSearchParams): Change {
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

function changeFromFlow(ctx: Ctx): Change | undefined {
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

function changeParams(change: Change, proration: string): ParamObject {
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

function confirmPage(
  ctx: Ctx,
  sub: Stripe.Subscription,
  change: Change,
  action: string,
  error?: string,
): string {
  const { engine } = ctx;
  const rows = change.items
    .map((i) => {
      const current = sub.items.data.find((s) => s.id === i.id);
      const price = i.price ? engine.state.prices[i.price] : current?.price;
      if (!price) return '';
      return `<tr><td>${esc(current ? priceLabel(engine, current.price, current.quantity ?? 1) : '—')}</td><td>${esc(priceLabel(engine, price, i.quantity ?? current?.quantity ?? 1))}</td></tr>`;
    })
    .join('');
  let previewHtml = '';
  try {
    const proration = ctx.config.features.subscription_update.proration_behavior;
    const amount = previewAmount(engine, sub, change, proration === 'none' ? 'none' : proration);
    previewHtml = `<p id="proration-amount">${esc(amount.label)}: <strong>${esc(formatAmount(amount.value, sub.currency))}</strong></p>`;
  } catch (err) {
    if (err instanceof StripeApiError) error = err.message;
    else throw err;
  }
  const query = new URLSearchParams();
  const first = change.items[0];
  if (first?.price) query.set('price', first.price);
  if (first?.quantity) query.set('quantity', String(first.quantity));
  return page(
    ctx,
    'Confirm change',
    `<h1>Confirm your new plan</h1>${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<table><thead><tr><th scope="col">Current</th><th scope="col">New</th></tr></thead><tbody>${rows}</tbody></table>${previewHtml}
<form method="post" action="${esc(action)}${query.size ? `?${query}` : ''}"><div class="actions"><button type="submit" id="confirm-update">Confirm</button>
<a class="button secondary" href="${esc(ctx.session.return_url ?? ctx.base)}">Cancel</a></div></form>`,
  );
}

/** The amount the change costs now (immediate invoice) or adds to the next invoice (prorations). */
function previewAmount(
  engine: Engine,
  sub: Stripe.Subscription,
  change: Change,
  proration: string,
): { label: string; value: number } {
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
    if (invoice) return { label: 'Amount due today', value: invoice.amount_due };
    const added = snapshot.pendingInvoiceItems.slice(pendingBefore).reduce((s, p) => s + p.amount, 0);
    return { label: 'Prorated adjustment on your next invoice', value: added };
  } finally {
    engine.state = real;
    engine.resumeEvents(listeners);
  }
}

function paymentMethodPage(ctx: Ctx, error?: string, cardNumber = '4242 4242 4242 4242'): string {
  return page(
    ctx,
    'Add payment method',
    `<h1>Add a payment method</h1>
<form method="post" action="${ctx.base}/payment-method">
<label for="card_number">Card number</label><input type="text" id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" required value="${esc(cardNumber)}"${
      error ? ' aria-describedby="card-error" aria-invalid="true" autofocus' : ''
    }>
${error ? `<p class="error" role="alert" id="card-error">${esc(error)}</p>` : ''}
<label for="expiry">Expiry (MM / YY)</label><input type="text" id="expiry" name="expiry" autocomplete="cc-exp" value="12 / 34">
<label for="cvc">CVC</label><input type="text" id="cvc" name="cvc" autocomplete="cc-csc" value="123">
<div class="actions"><button type="submit" id="add-payment-method">Add payment method</button></div></form>`,
  );
}

function addPaymentMethod(ctx: Ctx, res: ServerResponse, form: Record<string, string>): void {
  const card = cardFromNumber(form.card_number ?? '');
  if (!card) {
    sendHtml(res, 400, paymentMethodPage(ctx, 'Your card number is incorrect.', form.card_number ?? ''));
    return;
  }
  const pm = createCardPaymentMethod(ctx.engine, card);
  try {
    attachPaymentMethod(ctx.engine, pm, ctx.customer.id);
  } catch (err) {
    delete ctx.engine.state.paymentMethods[pm.id];
    if (err instanceof StripeApiError) {
      sendHtml(res, 402, paymentMethodPage(ctx, err.message, form.card_number ?? ''));
      return;
    }
    throw err;
  }
  setDefaultPaymentMethod(ctx.engine, ctx.customer, pm.id);
  // The portal makes the new card the default of the customer's subscriptions too.
  for (const sub of Object.values(ctx.engine.state.subscriptions)) {
    if (sub.customer === ctx.customer.id && sub.status !== 'canceled' && sub.default_payment_method) {
      updateSubscription(ctx.engine, sub, new Params({ default_payment_method: pm.id }));
    }
  }
  afterCompletion(ctx, res, 'Your payment method has been updated.');
}

/** Handles `/p/session/:id[/...]`: the portal homepage and the flow pages. */
export async function portalPage(
  engine: Engine,
  res: ServerResponse,
  method: string,
  url: URL,
  body: string,
): Promise<boolean> {
  const m = /^\/p\/session\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!m) return false;
  const session = engine.state.portalSessions[m[1] ?? ''];
  if (!session) {
    sendHtml(res, 404, layout('Not found', '<h1>Portal session not found</h1>'));
    return true;
  }
  const config = engine.state.portalConfigurations[session.configuration as string];
  const customer = engine.state.customers[session.customer];
  if (!config || !customer) {
    sendHtml(res, 404, layout('Not found', '<h1>This portal session is no longer valid</h1>'));
    return true;
  }
  const ctx: Ctx = { engine, session, config, customer, base: `/p/session/${session.id}` };
  const sub = m[2] ?? '';
  const form = Object.fromEntries(new URLSearchParams(body));
  const flow = session.flow;
  const respond = (status: number, html: string) => sendHtml(res, status, html);
  try {
    if (sub === '' || sub === '/') {
      if (flow && !url.searchParams.has('done')) {
        if (flow.type === 'subscription_cancel' && flow.subscription_cancel) {
          const s = ownedSub(ctx, flow.subscription_cancel.subscription);
          if (s) respond(200, cancelPage(ctx, s));
          else respond(404, page(ctx, 'Not found', '<h1>Subscription not found</h1>'));
        } else if (flow.type === 'subscription_update' && flow.subscription_update) {
          const s = ownedSub(ctx, flow.subscription_update.subscription);
          if (s) respond(200, updateChoices(ctx, s));
        } else if (flow.type === 'subscription_update_confirm' && flow.subscription_update_confirm) {
          const s = ownedSub(ctx, flow.subscription_update_confirm.subscription);
          const change = changeFromFlow(ctx);
          if (s && change) respond(200, confirmPage(ctx, s, change, `${ctx.base}/confirm-flow/${s.id}`));
        } else if (flow.type === 'payment_method_update') {
          respond(200, paymentMethodPage(ctx));
        } else {
          respond(200, homepage(ctx));
        }
        return true;
      }
      respond(200, homepage(ctx, url.searchParams.get('done') ?? undefined));
      return true;
    }
    const action = /^\/(cancel|update|confirm|confirm-flow|renew)\/([^/]+)$/.exec(sub);
    if (action) {
      const s = ownedSub(ctx, action[2] ?? '');
      if (!s) {
        respond(404, page(ctx, 'Not found', '<h1>Subscription not found</h1>'));
        return true;
      }
      const kind = action[1];
      const f = config.features;
      // A page for a feature the configuration switches off does not exist, as in Stripe's portal.
      const enabled =
        kind === 'cancel' || kind === 'renew' ? f.subscription_cancel.enabled : f.subscription_update.enabled;
      if (!enabled) {
        respond(404, page(ctx, 'Not found', '<h1>This action is not available</h1>'));
        return true;
      }
      if (kind === 'cancel') {
        if (method === 'POST') doCancel(ctx, res, s, form);
        else respond(200, cancelPage(ctx, s));
      } else if (kind === 'update') {
        respond(updateBlocker(s) ? 409 : 200, updateChoices(ctx, s));
      } else if (kind === 'confirm' || kind === 'confirm-flow') {
        const change = kind === 'confirm-flow' ? changeFromFlow(ctx) : changeFromQuery(s, url.searchParams);
        if (!change) return false;
        // Checked again on every step: the configuration may have changed since the page was shown.
        const refused = change.items[0] ? refuseChange(engine, config, s, change.items[0]) : undefined;
        if (refused) respond(400, updateChoices(ctx, s, refused.message));
        else if (method === 'GET') respond(200, confirmPage(ctx, s, change, `${ctx.base}/${kind}/${s.id}`));
        else {
          const proration = config.features.subscription_update.proration_behavior;
          updateSubscription(engine, s, new Params(changeParams(change, proration)));
          afterCompletion(ctx, res, 'Your subscription has been updated.');
        }
      } else if (kind === 'renew' && method === 'POST') {
        updateSubscription(engine, s, new Params({ cancel_at_period_end: 'false', cancel_at: '' }));
        redirect(res, `${ctx.base}?done=${encodeURIComponent('Your subscription has been renewed.')}`);
      }
      return true;
    }
    if (sub === '/payment-method') {
      if (!config.features.payment_method_update.enabled) {
        respond(404, page(ctx, 'Not found', '<h1>This action is not available</h1>'));
        return true;
      }
      if (method === 'POST') addPaymentMethod(ctx, res, form);
      else respond(200, paymentMethodPage(ctx));
      return true;
    }
  } finally {
    engine.changed();
  }
  return false;
}
