import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { refuseChange, updateBlocker } from '../../billing/portal-update-rules.js';
import { updateSubscription } from '../../billing/update-subscription.js';
import type { Engine } from '../../engine.js';
import { Params } from '../../wire/params.js';
import { brandingOf } from '../branding.js';
import { esc, plainPage, redirect, sendHtml } from '../html.js';
import { pageLocale } from '../page-locale.js';
import { afterCompletion } from './after-completion.js';
import { cancelPage, doCancel } from './cancel-flow.js';
import { changeFromFlow, changeFromQuery, changeParams, confirmPage } from './change-flow.js';
import { DONE_MESSAGES, type DoneMessage, type PortalCtx } from './context.js';
import { homepage } from './home-view.js';
import { messageView } from './message-views.js';
import { addPaymentMethod } from './payment-method-flow.js';
import { paymentMethodView } from './payment-method-view.js';
import { updateView } from './update-views.js';

function ownedSub(ctx: PortalCtx, id: string): Stripe.Subscription | undefined {
  const sub = ctx.engine.state.subscriptions[id];
  return sub && sub.customer === ctx.customer.id ? sub : undefined;
}

function doneMessage(value: string | null): DoneMessage | undefined {
  return (DONE_MESSAGES as readonly string[]).includes(value ?? '') ? (value as DoneMessage) : undefined;
}

/** Handles `/p/session/:id[/...]`: the portal homepage and the flow pages. */
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
  const ctx: PortalCtx = {
    engine,
    session,
    config,
    customer,
    base: `/p/session/${session.id}`,
    locale,
    branding,
  };
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
