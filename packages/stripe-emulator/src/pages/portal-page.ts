import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { couponOfDiscount } from '../billing/discounts.js';
import { cancelNow } from '../billing/lifecycle.js';
import { refuseChange, updateBlocker } from '../billing/portal-update-rules.js';
import { cardFromNumber } from '../billing/test-cards.js';
import { FEEDBACK, updateSubscription } from '../billing/update-subscription.js';
import type { Engine } from '../engine.js';
import { setDefaultPaymentMethod } from '../resources/customers.js';
import { attachPaymentMethod, createCardPaymentMethod } from '../resources/payment-methods.js';
import type { ParamObject } from '../wire/form.js';
import { Params } from '../wire/params.js';
import { StripeApiError } from '../wire/stripe-error.js';
import { brandingOf } from './branding.js';
import { esc, plainPage, redirect, sendHtml } from './html.js';
import { pageLocale } from './page-locale.js';
import {
  cancelView,
  confirmationView,
  confirmView,
  DONE_MESSAGES,
  type DoneMessage,
  homepage,
  messageView,
  type PortalCtx,
  paymentMethodView,
  priceLabel,
  updateView,
} from './portal-views.js';

type Ctx = PortalCtx;

/** After a flow's action: redirect, hosted confirmation, or back to the portal homepage. */
function afterCompletion(ctx: Ctx, res: ServerResponse, done: DoneMessage): void {
  const after = ctx.session.flow?.after_completion;
  if (after?.type === 'redirect' && after.redirect) {
    redirect(res, after.redirect.return_url);
    return;
  }
  if (after?.type === 'hosted_confirmation') {
    const custom = after.hosted_confirmation?.custom_message;
    sendHtml(res, 200, confirmationView(ctx, custom ?? ctx.locale.m[done]));
    return;
  }
  redirect(res, `${ctx.base}?done=${done}`);
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

function cancelPage(ctx: Ctx, sub: Stripe.Subscription): string {
  return cancelView(ctx, sub, openOffer(ctx, sub));
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
    afterCompletion(ctx, res, 'offer_accepted');
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
    // As Stripe's portal: the scheduled cancellation is one update, the survey answer a later one.
    updateSubscription(engine, sub, new Params({ cancel_at_period_end: 'true' }));
    const details: ParamObject = {};
    if (feedback) details.feedback = feedback;
    if (comment) details.comment = comment;
    if (feedback || comment) updateSubscription(engine, sub, new Params({ cancellation_details: details }));
  }
  afterCompletion(ctx, res, 'canceled_done');
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

function confirmPage(ctx: Ctx, sub: Stripe.Subscription, change: Change, action: string): string {
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

function addPaymentMethod(ctx: Ctx, res: ServerResponse, form: Record<string, string>): void {
  const card = cardFromNumber(form.card_number ?? '');
  if (!card) {
    sendHtml(res, 400, paymentMethodView(ctx, ctx.locale.m.error_card_number, form.card_number ?? ''));
    return;
  }
  const pm = createCardPaymentMethod(ctx.engine, card);
  try {
    attachPaymentMethod(ctx.engine, pm, ctx.customer.id);
  } catch (err) {
    delete ctx.engine.state.paymentMethods[pm.id];
    if (err instanceof StripeApiError) {
      sendHtml(res, 402, paymentMethodView(ctx, err.message, form.card_number ?? ''));
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
  afterCompletion(ctx, res, 'payment_method_done');
}

/** Handles `/p/session/:id[/...]`: the portal homepage and the flow pages. */
function doneMessage(value: string | null): DoneMessage | undefined {
  return (DONE_MESSAGES as readonly string[]).includes(value ?? '') ? (value as DoneMessage) : undefined;
}

export async function portalPage(
  engine: Engine,
  res: ServerResponse,
  method: string,
  url: URL,
  body: string,
  acceptLanguage?: string,
): Promise<boolean> {
  const m = /^\/p\/session\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!m) return false;
  const session = engine.state.portalSessions[m[1] ?? ''];
  const branding = brandingOf(engine);
  const locale = pageLocale(session?.locale, acceptLanguage);
  const notFound = (heading: string) =>
    sendHtml(res, 404, plainPage(locale.m.not_found, `<h1>${esc(heading)}</h1>`, { locale, branding }));
  if (!session) {
    notFound(locale.m.portal_not_found);
    return true;
  }
  const config = engine.state.portalConfigurations[session.configuration as string];
  const customer = engine.state.customers[session.customer];
  if (!config || !customer) {
    notFound(locale.m.session_invalid);
    return true;
  }
  const ctx: Ctx = { engine, session, config, customer, base: `/p/session/${session.id}`, locale, branding };
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
          else respond(404, messageView(ctx, locale.m.subscription_not_found));
        } else if (flow.type === 'subscription_update' && flow.subscription_update) {
          const s = ownedSub(ctx, flow.subscription_update.subscription);
          if (s) respond(200, updateView(ctx, s));
        } else if (flow.type === 'subscription_update_confirm' && flow.subscription_update_confirm) {
          const s = ownedSub(ctx, flow.subscription_update_confirm.subscription);
          const change = changeFromFlow(ctx);
          if (s && change) respond(200, confirmPage(ctx, s, change, `${ctx.base}/confirm-flow/${s.id}`));
        } else if (flow.type === 'payment_method_update') {
          respond(200, paymentMethodView(ctx));
        } else {
          respond(200, homepage(ctx));
        }
        return true;
      }
      respond(200, homepage(ctx, doneMessage(url.searchParams.get('done'))));
      return true;
    }
    const action = /^\/(cancel|update|confirm|confirm-flow|renew)\/([^/]+)$/.exec(sub);
    if (action) {
      const s = ownedSub(ctx, action[2] ?? '');
      if (!s) {
        respond(404, messageView(ctx, locale.m.subscription_not_found));
        return true;
      }
      const kind = action[1];
      const f = config.features;
      // A page for a feature the configuration switches off does not exist, as in Stripe's portal.
      const enabled =
        kind === 'cancel' || kind === 'renew' ? f.subscription_cancel.enabled : f.subscription_update.enabled;
      if (!enabled) {
        respond(404, messageView(ctx, locale.m.action_unavailable));
        return true;
      }
      if (kind === 'cancel') {
        if (method === 'POST') doCancel(ctx, res, s, form);
        else respond(200, cancelPage(ctx, s));
      } else if (kind === 'update') {
        respond(updateBlocker(s) ? 409 : 200, updateView(ctx, s));
      } else if (kind === 'confirm' || kind === 'confirm-flow') {
        const change = kind === 'confirm-flow' ? changeFromFlow(ctx) : changeFromQuery(s, url.searchParams);
        if (!change) return false;
        // Checked again on every step: the configuration may have changed since the page was shown.
        const refused = change.items[0] ? refuseChange(engine, config, s, change.items[0]) : undefined;
        if (refused) respond(400, updateView(ctx, s, refused.message));
        else if (method === 'GET') respond(200, confirmPage(ctx, s, change, `${ctx.base}/${kind}/${s.id}`));
        else {
          const proration = config.features.subscription_update.proration_behavior;
          updateSubscription(engine, s, new Params(changeParams(change, proration)));
          afterCompletion(ctx, res, 'updated_done');
        }
      } else if (kind === 'renew' && method === 'POST') {
        updateSubscription(engine, s, new Params({ cancel_at_period_end: 'false', cancel_at: '' }));
        redirect(res, `${ctx.base}?done=renewed_done`);
      }
      return true;
    }
    if (sub === '/payment-method') {
      if (!config.features.payment_method_update.enabled) {
        respond(404, messageView(ctx, locale.m.action_unavailable));
        return true;
      }
      if (method === 'POST') addPaymentMethod(ctx, res, form);
      else respond(200, paymentMethodView(ctx));
      return true;
    }
  } finally {
    engine.changed();
  }
  return false;
}
