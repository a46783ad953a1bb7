import type { ServerResponse } from 'node:http';
import { redirect, sendHtml } from '../html.js';
import type { DoneMessage, PortalCtx } from './context.js';
import { confirmationView } from './message-views.js';

/** After a flow's action: redirect, hosted confirmation, or back to the portal homepage. */
export function afterCompletion(ctx: PortalCtx, res: ServerResponse, done: DoneMessage): void {
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
