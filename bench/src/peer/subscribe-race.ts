import type { Emulator } from '@plankit/stripe-emulator';
import { payCheckout } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { callRoute, createBilling, type Reply, stripeFor } from '../stripe-calls/billing-fixture';
import { createPeer, emptyPeerDatabase } from './better-auth-fixture';
import { peerUpgrade } from './peer-flows';

export const raceRequests = 20;

export type RaceCustomer = 'new' | 'existing';

export interface RaceResult {
  kit: 'plankit' | 'better-auth';
  /** 1: all requests to one server instance; 2: alternating between two. */
  instances: 1 | 2;
  /** `new`: the user has no Stripe customer yet; `existing`: it has one (an earlier Checkout expired). */
  customer: RaceCustomer;
  requests: number;
  /** Reply statuses, counted. */
  statuses: Record<string, number>;
  /** Distinct Checkout URLs handed out. */
  sessionsHandedOut: number;
  /** Sessions the hosted page accepted payment for. */
  sessionsPaid: number;
  /** Stripe customers carrying this user's id. */
  customers: number;
  /** Live (not canceled, not incomplete_expired) subscriptions for this user, over all its customers. */
  liveSubscriptions: number;
  /** Live subscriptions per customer. */
  perCustomer: number[];
  /** Live subscriptions beyond the first. */
  duplicates: number;
  /** Stripe calls the 20 requests made. */
  stripeCalls: number;
}

function isLive(subscription: Stripe.Subscription): boolean {
  return subscription.status !== 'canceled' && subscription.status !== 'incomplete_expired';
}

async function settle(
  emulator: Emulator,
  kit: RaceResult['kit'],
  instances: 1 | 2,
  customer: RaceCustomer,
  replies: Reply[],
  ownsCustomer: (customer: Stripe.Customer) => boolean,
): Promise<RaceResult> {
  const stripeCalls = emulator.requestLog().length;
  const statuses: Record<string, number> = {};
  for (const reply of replies) statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
  const urls = [
    ...new Set(
      replies.map((reply) => reply.json.url).filter((url): url is string => typeof url === 'string'),
    ),
  ];
  let sessionsPaid = 0;
  for (const url of urls) {
    const status = await payCheckout(url);
    if (status === 302 || status === 303) sessionsPaid += 1;
  }
  const customers = Object.values(emulator.state.customers).filter(ownsCustomer);
  const subscriptions = Object.values(emulator.state.subscriptions).filter(isLive);
  const perCustomer = customers.map(
    (customer) => subscriptions.filter((subscription) => subscription.customer === customer.id).length,
  );
  const liveSubscriptions = perCustomer.reduce((sum, count) => sum + count, 0);
  return {
    kit,
    instances,
    customer,
    requests: replies.length,
    statuses,
    sessionsHandedOut: urls.length,
    sessionsPaid,
    customers: customers.length,
    liveSubscriptions,
    perCustomer: perCustomer.filter((count) => count > 0),
    duplicates: Math.max(0, liveSubscriptions - 1),
    stripeCalls,
  };
}

/** 20 concurrent "Subscribe to Pro" clicks of one user through Plankit, on one or two instances. */
export async function racePlankit(
  emulator: Emulator,
  instances: 1 | 2,
  customer: RaceCustomer,
): Promise<RaceResult> {
  emulator.reset();
  // Two instances share only Stripe (each has its own memory store), the hardest case for Plankit.
  const servers = Array.from({ length: instances }, () => createBilling(emulator));
  const user = 'racer';
  if (customer === 'existing') {
    const first = await callRoute(servers[0]!, '/checkout', user, { plan: 'starter', interval: 'month' });
    await stripeFor(emulator).checkout.sessions.expire(String(first.json.sessionId));
  }
  emulator.clearRequestLog();
  const replies = await Promise.all(
    Array.from({ length: raceRequests }, (_, index) =>
      callRoute(servers[index % instances]!, '/checkout', user, { plan: 'pro', interval: 'month' }),
    ),
  );
  return settle(
    emulator,
    'plankit',
    instances,
    customer,
    replies,
    (customer) => customer.metadata?.plankit_user_id === user,
  );
}

/** The same through the plugin; two instances share one database, as better-auth's sessions require. */
export async function racePeer(
  emulator: Emulator,
  instances: 1 | 2,
  customer: RaceCustomer,
): Promise<RaceResult> {
  emulator.reset();
  const database = emptyPeerDatabase();
  const servers = Array.from({ length: instances }, () => createPeer(emulator, database));
  const cookie = await servers[0]!.signUp('racer');
  const userId = database.user?.[0]?.id;
  if (customer === 'existing') {
    const first = await peerUpgrade(servers[0]!, cookie, 'starter');
    await stripeFor(emulator).checkout.sessions.expire(String(first.json.id));
  }
  emulator.clearRequestLog();
  const replies = await Promise.all(
    Array.from({ length: raceRequests }, (_, index) =>
      peerUpgrade(servers[index % instances]!, cookie, 'pro'),
    ),
  );
  return settle(
    emulator,
    'better-auth',
    instances,
    customer,
    replies,
    (customer) => customer.metadata?.userId === userId,
  );
}
