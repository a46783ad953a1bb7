import { formatAmount } from '../billing/money.js';
import type { Engine } from '../engine.js';
import type { RawHandler } from '../server/http-server.js';
import { checkoutPage } from './checkout-page.js';
import { esc, layout, sendHtml } from './html.js';
import { portalPage } from './portal-page.js';

/** Hosted Checkout (`/c/...`), customer portal (`/p/...`) and invoice (`/invoice/...`) pages. */
export function pageHandler(engine: Engine): RawHandler {
  return async (req, res, url, body) => {
    const method = (req.method ?? 'GET').toUpperCase();
    if (await checkoutPage(engine, res, method, url.pathname, body)) return true;
    if (await portalPage(engine, res, method, url, body)) return true;
    const invoice = /^\/invoice\/([^/]+)(?:\/pdf)?$/.exec(url.pathname);
    if (invoice) {
      const found = engine.state.invoices[invoice[1] ?? ''];
      sendHtml(
        res,
        found ? 200 : 404,
        layout(
          'Invoice',
          found
            ? `<h1>Invoice ${esc(found.number)}</h1><p>Status: ${esc(found.status)}</p><p>Total: ${esc(formatAmount(found.total, found.currency))}</p>`
            : '<h1>Invoice not found</h1>',
        ),
      );
      return true;
    }
    if (url.pathname === '/' && method === 'GET') {
      sendHtml(
        res,
        200,
        layout(
          'Stripe emulator',
          '<h1>Plankit Stripe emulator</h1><p>Point the stripe SDK at this host.</p>',
        ),
      );
      return true;
    }
    return false;
  };
}
