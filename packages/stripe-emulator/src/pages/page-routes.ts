import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../engine.js';
import type { RawHandler } from '../server/server-deps.js';
import { brandingOf, hexColour } from './branding.js';
import { checkoutPage } from './checkout-page.js';
import { FAVICON_SVG } from './favicon.js';
import { esc, plainPage, sendHtml } from './html.js';
import { fill, lookup } from './messages/index.js';
import { pageLocale } from './page-locale.js';
import { pagesCss } from './pages-css.js';
import { portalPage } from './portal/portal-page.js';

function sendAsset(res: ServerResponse, type: string, body: string): void {
  res.writeHead(200, {
    'Content-Type': type,
    'Cache-Control': 'public, max-age=300',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

/** The stylesheet and favicon the pages link to: files on the emulator's own origin, allowed by `'self'`. */
function asset(res: ServerResponse, method: string, url: URL): boolean {
  if (method !== 'GET') return false;
  if (url.pathname === '/assets/pages.css') {
    sendAsset(res, 'text/css; charset=utf-8', pagesCss(hexColour(url.searchParams.get('accent'))));
    return true;
  }
  if (url.pathname === '/favicon.svg' || url.pathname === '/favicon.ico') {
    sendAsset(res, 'image/svg+xml', FAVICON_SVG);
    return true;
  }
  return false;
}

function acceptLanguage(req: IncomingMessage): string | undefined {
  const header = req.headers['accept-language'];
  return typeof header === 'string' ? header : undefined;
}

/** Hosted Checkout (`/c/...`), customer portal (`/p/...`) and invoice (`/invoice/...`) pages, and their assets. */
export function pageHandler(engine: Engine): RawHandler {
  return async (req, res, url, body) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const languages = acceptLanguage(req);
    if (asset(res, method, url)) return true;
    if (await checkoutPage(engine, res, method, url.pathname, body, languages)) return true;
    if (await portalPage(engine, res, method, url, body, languages)) return true;
    const locale = pageLocale(null, languages);
    const { m } = locale;
    const layout = { locale, branding: brandingOf(engine) };
    const invoice = /^\/invoice\/([^/]+)(?:\/pdf)?$/.exec(url.pathname);
    if (invoice) {
      const found = engine.state.invoices[invoice[1] ?? ''];
      sendHtml(
        res,
        found ? 200 : 404,
        found
          ? plainPage(
              m.invoice_title,
              `<h1>${esc(fill(m.invoice_heading, { number: found.number ?? found.id }))}</h1><p>${esc(fill(m.invoice_status, { status: lookup(m, `invoice_${found.status}`) ?? found.status ?? '' }))}</p><p>${esc(fill(m.invoice_total, { amount: locale.money(found.total, found.currency) }))}</p>`,
              layout,
            )
          : plainPage(m.not_found, `<h1>${esc(m.invoice_not_found)}</h1>`, layout),
      );
      return true;
    }
    if (url.pathname === '/' && method === 'GET') {
      sendHtml(
        res,
        200,
        plainPage(m.home_heading, `<h1>${esc(m.home_heading)}</h1><p>${esc(m.home_text)}</p>`, layout),
      );
      return true;
    }
    return false;
  };
}
