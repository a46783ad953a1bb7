import type { ServerResponse } from 'node:http';
import { safeHref } from '../wire/http-url.js';
import type { Branding } from './branding.js';
import { fill } from './messages/index.js';
import type { PageLocale } from './page-locale.js';

/** Escapes text for HTML element content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * What the hosted pages allow themselves: their own stylesheet and favicon, no inline style or script. An app with
 * the same strict policy sees the pages exactly as they are meant to look.
 */
export const PAGE_CSP = "default-src 'self'; style-src 'self'; script-src 'self'";

export interface LayoutOptions {
  locale: PageLocale;
  branding: Branding;
  back?: { href: string; label: string } | null;
}

/** The brand row: a back link named after the business (Stripe's top-left corner) and the test-mode badge. */
export function brandRow({ locale, branding, back }: LayoutOptions): string {
  const name = branding.name ?? '';
  const mark = name
    ? `<span class="mark" aria-hidden="true">${esc(name.slice(0, 1).toUpperCase())}</span>`
    : '';
  const label = back && name ? fill(locale.m.return_to, { name }) : (back?.label ?? name);
  const link = back
    ? `<nav aria-label="${esc(locale.m.return)}"><a id="return-link" href="${esc(safeHref(back.href))}">← ${mark}<span>${esc(label)}</span></a></nav>`
    : name
      ? `<p class="brand-name">${mark}<strong>${esc(name)}</strong></p>`
      : '';
  return `<div class="brand">${link}<span class="badge">${esc(locale.m.test_mode)}</span></div>`;
}

/**
 * The shared page shell: `lang` of the page's language, landmarks, the test-emulator banner, the stylesheet and
 * favicon from the emulator's own routes (no inline style, so {@link PAGE_CSP} holds).
 */
export function layout(title: string, body: string, options: LayoutOptions): string {
  const { locale, branding } = options;
  const site = branding.name ? `${branding.name} · ` : '';
  return `<!doctype html>
<html lang="${esc(locale.language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} · ${esc(site)}Stripe emulator</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/pages.css?accent=${esc(branding.accent)}"></head>
<body>
<header><p class="banner" role="note">${esc(locale.m.banner)}</p></header>
${body}
</body></html>`;
}

/** A one-column page (not found, confirmation, invoice). */
export function plainPage(title: string, body: string, options: LayoutOptions): string {
  return layout(title, `<main id="main" class="plain">${brandRow(options)}${body}</main>`, options);
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': PAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: safeHref(location, '/') });
  res.end();
}
