import { esc } from '../html.js';
import type { PortalCtx } from './context.js';
import { portalLayout } from './portal-layout.js';

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
