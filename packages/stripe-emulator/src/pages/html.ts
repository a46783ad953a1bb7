import type { ServerResponse } from 'node:http';
import { safeHref } from '../wire/http-url.js';

/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1f36;background:#f6f9fc}
.banner{background:#ffd84d;color:#1a1f36;padding:.5rem 1rem;text-align:center;font-weight:600;border-bottom:2px solid #b38f00}
main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.5rem;margin-top:0}h2{font-size:1.15rem}table{width:100%;border-collapse:collapse}td,th{padding:.4rem;text-align:left;border-bottom:1px solid #e3e8ee}
label{display:block;font-weight:600;margin-top:1rem}input[type=text],input[type=email],textarea,select{width:100%;padding:.5rem;border:1px solid #8792a2;border-radius:4px;font:inherit}
fieldset{border:1px solid #e3e8ee;border-radius:4px;margin-top:1rem}fieldset label{font-weight:400;margin-top:.25rem}
button,.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#533afd;color:#fff;font:inherit;font-weight:600;cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:#e3e8ee;color:#1a1f36}button.danger{background:#c0123c}
a{color:#533afd}:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}
.error{color:#c0123c;font-weight:600}.muted{color:#596171}.total{font-size:1.25rem;font-weight:700}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
`;

/** The shared page shell: lang attribute, landmarks, a visible test-emulator banner, no external resources. */
export function layout(
  title: string,
  body: string,
  options: { lang?: string; back?: { href: string; label: string } | null } = {},
): string {
  const back = options.back
    ? `<nav aria-label="Return"><p><a id="return-link" href="${esc(safeHref(options.back.href))}">← ${esc(options.back.label)}</a></p></nav>`
    : '';
  return `<!doctype html>
<html lang="${esc(options.lang ?? 'en')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · Stripe emulator</title><style>${STYLE}</style></head>
<body>
<header><p class="banner" role="note">Test emulator — not real Stripe. No real payment is made.</p></header>
<main id="main">
${back}
${body}
</main>
</body></html>`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: safeHref(location, '/') });
  res.end();
}

export function dateText(ts: number | null | undefined): string {
  if (!ts) return '—';
  return new Date(ts * 1000).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
