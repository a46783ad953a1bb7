import type Stripe from 'stripe';
import { safeHref } from '../../wire/http-url.js';
import { esc } from '../html.js';
import { fill, lookup } from '../messages/index.js';
import type { PortalCtx } from './context.js';
import { portalLayout, subscriptionSummary } from './portal-layout.js';

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
