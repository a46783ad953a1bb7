import { esc } from '../html.js';
import type { PortalCtx } from './context.js';
import { portalLayout } from './portal-layout.js';

export function confirmationView(ctx: PortalCtx, message: string): string {
  const { m } = ctx.locale;
  return portalLayout(
    ctx,
    m.done_title,
    `<h1>${esc(m.done_title)}</h1><p id="confirmation-message" role="status" class="notice">${esc(message)}</p>`,
  );
}

export function messageView(ctx: PortalCtx, heading: string): string {
  return portalLayout(ctx, ctx.locale.m.not_found, `<h1>${esc(heading)}</h1>`);
}
