import type { IncomingMessage, ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { type DemoAuth, type DemoUser, isEmail } from './demo-auth';
import type { EventsLog } from './events-log';
import { isSameOriginJson, readJsonObject, sendJson } from './http-utils';

/** What the demo's own routes need. */
export interface DemoApiContext {
  origin: string;
  auth: DemoAuth;
  events: EventsLog;
  stripe: Stripe;
  /** Only on the emulator: moves its clock forward (renewals, trials ending, failed payments). */
  advanceClock: ((seconds: number) => Promise<number>) | null;
  /** Only on the emulator: the emulator's current time, in Unix seconds. */
  clockNow: (() => number) | null;
}

/** Which Stripe the demo talks to, shown in the header so nobody mistakes it for the real thing. */
export type StripeBackend = 'emulator' | 'stripe-test-mode';

const day = 24 * 60 * 60;

/**
 * The demo's own routes: sign-in (`/api/session`), the "Stripe events" panel (`/api/events`) and, on the
 * emulator only, the clock controls (`/api/demo/*`). Returns false for any other path.
 */
export async function handleDemoApi(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  context: DemoApiContext,
): Promise<boolean> {
  const { auth, origin } = context;
  const secure = origin.startsWith('https:');
  const user = auth.userFromCookieHeader(request.headers.cookie);
  const isMutation = request.method !== 'GET' && request.method !== 'HEAD';
  if (!path.startsWith('/api/session') && !path.startsWith('/api/events') && !path.startsWith('/api/demo/')) {
    return false;
  }
  if (isMutation && !isSameOriginJson(request, origin)) {
    sendJson(response, 403, {
      error: { code: 'forbidden_origin', message: 'Cross-origin request refused.' },
    });
    return true;
  }

  if (path === '/api/session') {
    if (request.method === 'GET') {
      sendJson(response, 200, sessionBody(user, context));
    } else if (request.method === 'POST') {
      const body = await readJsonObject(request);
      const email = typeof body?.email === 'string' ? body.email.trim() : '';
      if (!isEmail(email)) {
        sendJson(response, 400, { error: { code: 'invalid_email', message: 'Enter an email address.' } });
      } else {
        const cookie = auth.signInCookie(email, secure);
        const signedIn = auth.userFromCookieHeader(cookie.split(';')[0]);
        sendJson(response, 200, sessionBody(signedIn, context), { 'set-cookie': cookie });
      }
    } else if (request.method === 'DELETE') {
      sendJson(response, 200, sessionBody(null, context), { 'set-cookie': auth.signOutCookie(secure) });
    } else {
      sendJson(response, 405, { error: { code: 'method_not_allowed', message: 'Method not allowed.' } });
    }
    return true;
  }

  if (!user) {
    sendJson(response, 401, { error: { code: 'unauthenticated', message: 'Sign in first.' } });
    return true;
  }

  if (path === '/api/events' && request.method === 'GET') {
    const customers = await customerIdsOf(context.stripe, user);
    const events = customers.flatMap((customer) => context.events.forCustomer(customer));
    events.sort((a, b) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0));
    sendJson(response, 200, { events });
    return true;
  }

  if (path === '/api/demo/clock' && request.method === 'POST') {
    if (!context.advanceClock) {
      sendJson(response, 404, { error: { code: 'not_found', message: 'Only on the emulator.' } });
      return true;
    }
    const body = await readJsonObject(request);
    const days = typeof body?.days === 'number' && Number.isInteger(body.days) ? body.days : 0;
    if (days < 1 || days > 400) {
      sendJson(response, 400, { error: { code: 'invalid_days', message: 'Between 1 and 400 days.' } });
      return true;
    }
    const now = await context.advanceClock(days * day);
    sendJson(response, 200, { now: new Date(now * 1000).toISOString() });
    return true;
  }

  if (path === '/api/demo/failing-card' && request.method === 'POST') {
    if (!context.advanceClock) {
      sendJson(response, 404, { error: { code: 'not_found', message: 'Only on the emulator.' } });
      return true;
    }
    const changed = await switchToFailingCard(context.stripe, user);
    sendJson(response, changed ? 200 : 409, changed ? { ok: true } : { error: { code: 'no_subscription' } });
    return true;
  }

  sendJson(response, 404, { error: { code: 'not_found', message: 'No such route.' } });
  return true;
}

function sessionBody(user: DemoUser | null, context: DemoApiContext) {
  return {
    user: user ? { email: user.email } : null,
    stripe: (context.advanceClock ? 'emulator' : 'stripe-test-mode') satisfies StripeBackend,
    clock: context.clockNow ? new Date(context.clockNow() * 1000).toISOString() : null,
  };
}

/** The Stripe customers with the user's email (Plankit creates one per user; a list guards against strays). */
async function customerIdsOf(stripe: Stripe, user: DemoUser): Promise<string[]> {
  const customers = await stripe.customers.list({ email: user.email, limit: 10 });
  return customers.data.map((customer) => customer.id);
}

/**
 * Demo control: makes the next renewal fail by switching the customer's default card to Stripe's test card
 * that attaches but declines charges (4000 0000 0000 0341), so a visitor can watch the past-due path.
 */
async function switchToFailingCard(stripe: Stripe, user: DemoUser): Promise<boolean> {
  for (const customer of await customerIdsOf(stripe, user)) {
    const subscriptions = await stripe.subscriptions.list({ customer, status: 'all', limit: 10 });
    const live = subscriptions.data.filter((subscription) => subscription.status !== 'canceled');
    if (live.length === 0) continue;
    const card = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await stripe.customers.update(customer, { invoice_settings: { default_payment_method: card.id } });
    for (const subscription of live) {
      await stripe.subscriptions.update(subscription.id, { default_payment_method: card.id });
    }
    return true;
  }
  return false;
}
