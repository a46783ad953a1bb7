import type Stripe from 'stripe';
import type { PlankitContext } from '../context';

/** What one look at a customer's Stripe state found, for one checkout decision. */
export interface CheckoutState {
  subscriptions: { data: Stripe.Subscription[]; has_more: boolean };
  /** The customer's newest sessions, of any mode or status: the session key's anchor, and recent payments. */
  newest: Stripe.Checkout.Session[];
  /** Every open subscription session of the customer's. */
  open: Stripe.Checkout.Session[];
}

/** The state of a customer this request has just created: nothing yet (a fresh object per request). */
export function newCustomerState(): CheckoutState {
  return { subscriptions: { data: [], has_more: false }, newest: [], open: [] };
}

function openSubscriptionSessions(sessions: Stripe.Checkout.Session[]): Stripe.Checkout.Session[] {
  return sessions.filter((session) => session.status === 'open' && session.mode === 'subscription');
}

/**
 * Lists the customer's subscriptions and newest ten sessions at once: two calls. Plankit's Checkout expires the
 * older open sessions each time, so those ten hold every open one, unless the app's own (payment) sessions pushed
 * one off the page. A full page therefore also asks Stripe for the open sessions, then reads the subscriptions
 * again, in that order: a session missing from the open list was paid before it, so its subscription is in the
 * second list; one paid after it is in the open list, so expiring it fails and the caller looks again.
 */
export async function readCheckoutState(ctx: PlankitContext, customer: string): Promise<CheckoutState> {
  const [subscriptions, sessions] = await Promise.all([
    ctx.stripe.subscriptions.list({ customer, status: 'all', limit: 100 }),
    ctx.stripe.checkout.sessions.list({ customer, limit: 10 }),
  ]);
  if (!sessions.has_more) {
    return { subscriptions, newest: sessions.data, open: openSubscriptionSessions(sessions.data) };
  }
  const beyond = await ctx.stripe.checkout.sessions
    .list({ customer, status: 'open', limit: 100 })
    .autoPagingToArray({ limit: 10_000 });
  const current = await ctx.stripe.subscriptions.list({ customer, status: 'all', limit: 100 });
  return { subscriptions: current, newest: sessions.data, open: openSubscriptionSessions(beyond) };
}
