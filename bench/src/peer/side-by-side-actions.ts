import type { Emulator } from '@plankit/stripe-emulator';
import { callRoute, stripeFor } from '../stripe-calls/billing-fixture';
import { normalizeCall, runScenario } from '../stripe-calls/count-calls';
import {
  customerWithoutSubscription,
  type Scenario,
  subscribedUser,
  syncedSubscribedUser,
  warmCatalog,
} from '../stripe-calls/scenarios';
import { createPeer, emptyPeerDatabase, type Peer, type PeerDatabase } from './better-auth-fixture';
import { peerSubscribed, peerUpgrade, peerUrls, peerUser } from './peer-flows';

/** One kit's side of an action: the route called and the Stripe calls it made. */
export interface KitAction {
  route: string;
  calls: string[];
  count: number;
  outcome: string;
}

export interface SideBySideAction {
  id: string;
  label: string;
  plankit: KitAction;
  peer: KitAction;
  /** Why the rows compare (or what differs in what each kit does for it). */
  note: string;
  /** True when the peer answers from its own database instead of Stripe (see the webhook comparison). */
  peerReadsOwnDatabase: boolean;
}

interface PeerContext {
  emulator: Emulator;
  peer: Peer;
  database: PeerDatabase;
}

interface PeerScenario {
  route: string;
  /** Before the request log is cleared; returns the session cookie and, when subscribed, the subscription id. */
  prepare(context: PeerContext): Promise<{ cookie: string; subscription?: string }>;
  run(context: PeerContext, prepared: { cookie: string; subscription?: string }): ReturnType<Peer['call']>;
  /** Checks the reply did what the action is for, so a failed request cannot pass as "few calls". */
  outcome(reply: Awaited<ReturnType<Peer['call']>>): string | null;
}

interface Pair {
  id: string;
  label: string;
  note: string;
  peerReadsOwnDatabase?: boolean;
  plankitRoute: string;
  plankit: Scenario;
  peer: PeerScenario;
}

const urlOutcome = (reply: Awaited<ReturnType<Peer['call']>>, what: string) =>
  reply.status === 200 && typeof reply.json.url === 'string' ? what : null;

const plankitScenario = (
  id: string,
  prepare: Scenario['prepare'],
  run: Scenario['run'],
  expect: string,
): Scenario => ({
  id,
  label: id,
  minimum: 0,
  minimumWhy: '',
  budget: Number.POSITIVE_INFINITY,
  aboveMinimum: '',
  prepare,
  run,
  expect,
});

/** "Subscribe to Pro monthly" through each kit. */
const checkoutPro: Scenario['run'] = (context, prepared) =>
  callRoute(context.billing, '/checkout', prepared.user, { plan: 'pro', interval: 'month' });
const peerCheckoutPro: PeerScenario['run'] = ({ peer }, { cookie }) => peerUpgrade(peer, cookie, 'pro');

const signedUp = async ({ peer }: PeerContext) => ({ cookie: await peer.signUp(peerUser) });

const subscribedTo =
  (plan: string) =>
  ({ emulator, peer, database }: PeerContext) =>
    peerSubscribed(emulator, peer, database, plan);

const pairs: Pair[] = [
  {
    id: 'subscribe-new-user',
    label: 'Subscribe, new user (no Stripe customer yet): Checkout for Pro monthly',
    note: "Plankit's catalog is warm (the pricing page loaded it; cold adds 1 shared prices.list); the plugin looks the price up on every upgrade.",
    plankitRoute: 'POST /checkout',
    plankit: plankitScenario(
      'subscribe-new-user',
      async (context) => {
        await warmCatalog(context);
        return { user: 'user_bench' };
      },
      checkoutPro,
      'checkout',
    ),
    peer: {
      route: 'POST /subscription/upgrade',
      prepare: signedUp,
      run: peerCheckoutPro,
      outcome: (reply) => urlOutcome(reply, 'checkout'),
    },
  },
  {
    id: 'subscribe-returning-user',
    label: 'Subscribe, returning user (customer exists, not subscribed, earlier session expired)',
    note: 'Both kits already know the customer id.',
    plankitRoute: 'POST /checkout',
    plankit: plankitScenario(
      'subscribe-returning-user',
      customerWithoutSubscription,
      checkoutPro,
      'checkout',
    ),
    peer: {
      route: 'POST /subscription/upgrade',
      prepare: async (context) => {
        const { cookie } = await signedUp(context);
        const first = await peerUpgrade(context.peer, cookie, 'starter');
        await stripeFor(context.emulator).checkout.sessions.expire(String(first.json.id));
        return { cookie };
      },
      run: peerCheckoutPro,
      outcome: (reply) => urlOutcome(reply, 'checkout'),
    },
  },
  {
    id: 'upgrade',
    label: 'Upgrade Starter -> Pro (monthly), confirmed on the portal',
    note: "The plugin's upgrade of a subscribed user is a portal subscription_update_confirm session; Plankit's like-for-like route is POST /portal with that flow (its in-app POST /change-plan, which applies the change itself, is also 2 calls).",
    plankitRoute: 'POST /portal (subscription_update_confirm)',
    plankit: plankitScenario(
      'upgrade',
      (context) => subscribedUser(context, 'starter_monthly'),
      (context, prepared) =>
        callRoute(context.billing, '/portal', prepared.user, {
          flow: 'subscription_update_confirm',
          subscription: prepared.subscription,
          plan: 'pro',
          interval: 'month',
        }),
      'status 200',
    ),
    peer: {
      route: 'POST /subscription/upgrade (subscriptionId)',
      prepare: subscribedTo('starter'),
      run: ({ peer }, { cookie, subscription }) =>
        peerUpgrade(peer, cookie, 'pro', { subscriptionId: subscription, returnUrl: peerUrls.returnUrl }),
      outcome: (reply) => urlOutcome(reply, 'portal'),
    },
  },
  {
    id: 'cancel',
    label: 'Cancel: the portal cancel deep link for the subscription',
    note: "The plugin's cancel is a portal subscription_cancel session; so is Plankit's POST /portal with that flow (Plankit's POST /cancel with a reason is 2 calls at period end or through the portal).",
    plankitRoute: 'POST /portal (subscription_cancel)',
    plankit: plankitScenario(
      'cancel',
      subscribedUser,
      (context, prepared) =>
        callRoute(context.billing, '/portal', prepared.user, {
          flow: 'subscription_cancel',
          subscription: prepared.subscription,
        }),
      'status 200',
    ),
    peer: {
      route: 'POST /subscription/cancel',
      prepare: subscribedTo('pro'),
      run: ({ peer }, { cookie, subscription }) =>
        peer.call('/subscription/cancel', cookie, {
          subscriptionId: subscription,
          returnUrl: peerUrls.returnUrl,
        }),
      outcome: (reply) => urlOutcome(reply, 'portal'),
    },
  },
  {
    id: 'portal',
    label: 'Open the billing portal (homepage)',
    note: 'Both kits know the customer id.',
    plankitRoute: 'POST /portal (homepage)',
    plankit: plankitScenario(
      'portal',
      subscribedUser,
      (context, prepared) => callRoute(context.billing, '/portal', prepared.user, { flow: 'homepage' }),
      'status 200',
    ),
    peer: {
      route: 'POST /subscription/billing-portal',
      prepare: subscribedTo('pro'),
      run: ({ peer }, { cookie }) =>
        peer.call('/subscription/billing-portal', cookie, { returnUrl: peerUrls.returnUrl }),
      outcome: (reply) => urlOutcome(reply, 'portal'),
    },
  },
  {
    id: 'read-subscription',
    label: 'Read the subscription (subscribed user)',
    note: "Both read their own copy: Plankit the billing snapshot each webhook re-syncs from Stripe (0 calls), the plugin the row its webhooks wrote, which the shuffled stream below can leave different from Stripe's.",
    peerReadsOwnDatabase: true,
    plankitRoute: 'GET /subscription',
    plankit: plankitScenario(
      'read-subscription',
      syncedSubscribedUser,
      (context, prepared) => callRoute(context.billing, '/subscription', prepared.user),
      'status 200',
    ),
    peer: {
      route: 'GET /subscription/list',
      prepare: subscribedTo('pro'),
      run: ({ peer }, { cookie }) => peer.call('/subscription/list', cookie),
      outcome: (reply) =>
        reply.status === 200 && Array.isArray(reply.json.list) && reply.json.list.length === 1
          ? 'one row'
          : null,
    },
  },
];

async function runPeer(emulator: Emulator, scenario: PeerScenario, id: string): Promise<KitAction> {
  emulator.reset();
  const database = emptyPeerDatabase();
  const context: PeerContext = { emulator, peer: createPeer(emulator, database), database };
  const prepared = await scenario.prepare(context);
  emulator.clearRequestLog();
  const reply = await scenario.run(context, prepared);
  const calls = emulator.requestLog().map((entry) => normalizeCall(entry.method, entry.path));
  const outcome = scenario.outcome(reply);
  if (!outcome) throw new Error(`peer ${id}: ${reply.status} ${JSON.stringify(reply.json).slice(0, 300)}`);
  return { route: scenario.route, calls, count: calls.length, outcome };
}

/** Plankit's side of every action, as the budget test measures it (the peer's side comes from the results file). */
export async function measurePlankitActions(emulator: Emulator): Promise<Array<KitAction & { id: string }>> {
  const results: Array<KitAction & { id: string }> = [];
  for (const pair of pairs) {
    const ours = await runScenario(emulator, pair.plankit);
    results.push({
      id: pair.id,
      route: pair.plankitRoute,
      calls: ours.calls,
      count: ours.count,
      outcome: ours.outcome,
    });
  }
  return results;
}

/** Every action through both kits on one emulator (reset before each side of each action). */
export async function compareActions(emulator: Emulator): Promise<SideBySideAction[]> {
  const ours = await measurePlankitActions(emulator);
  const results: SideBySideAction[] = [];
  for (const [index, pair] of pairs.entries()) {
    const { id, ...plankit } = ours[index]!;
    results.push({
      id,
      label: pair.label,
      note: pair.note,
      peerReadsOwnDatabase: pair.peerReadsOwnDatabase === true,
      plankit,
      peer: await runPeer(emulator, pair.peer, pair.id),
    });
  }
  return results;
}
