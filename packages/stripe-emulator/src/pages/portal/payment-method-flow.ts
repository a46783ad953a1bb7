import type { ServerResponse } from 'node:http';
import { cardFromNumber } from '../../billing/test-cards.js';
import { updateSubscription } from '../../billing/update-subscription.js';
import { setDefaultPaymentMethod } from '../../resources/customers.js';
import { attachPaymentMethod, createCardPaymentMethod } from '../../resources/payment-methods.js';
import { Params } from '../../wire/params.js';
import { StripeApiError } from '../../wire/stripe-error.js';
import { sendHtml } from '../html.js';
import { afterCompletion } from './after-completion.js';
import type { PortalCtx } from './context.js';
import { paymentMethodView } from './payment-method-view.js';

export function addPaymentMethod(ctx: PortalCtx, res: ServerResponse, form: Record<string, string>): void {
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
