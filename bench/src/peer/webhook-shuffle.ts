import type { CustomerMapping, Plankit } from '@plankit/server';
import type { Emulator } from '@plankit/stripe-emulator';
import { payCheckout } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { callRoute, createBilling, stripeFor } from '../stripe-calls/billing-fixture';
import { copyPeerDatabase, createPeer, emptyPeerDatabase, type PeerDatabase } from './better-auth-fixture';
import { eventCount, eventsSince, shuffledDuplicatedOrder, signedDelivery } from './event-stream';
import { deliverToPeer, peerUpgrade, peerUser } from './peer-flows';

/** The fields both kits show an app about a subscription. */
export interface SubscriptionView {
  plan: string | null;
  interval: string | null;
  status: string | null;
  cancelAtPeriodEnd: boolean | null;
  quantity: number | null;
}

/** One kit's run of the shuffled stream: its own history's events, the same order of positions for every kit. */
export interface KitShuffleResult {
  /** Event types in Stripe's order for this kit's history. */
  eventTypes: string[];
  /** What a fresh fetch from Stripe says after the actions. */
  stripeTruth: SubscriptionView;
  /** The kit's view after each trial (one per seed). */
  views: SubscriptionView[];
  /** Trials whose view equals the fresh fetch. */
  correct: number;
  trials: number;
  /** Deliveries per trial: every event twice. */
  deliveriesPerTrial: number;
  /** Non-2xx webhook answers over all trials. */
  rejected: number;
  /** Stripe calls the kit's webhook handling made over all trials. */
  webhookStripeCalls: number;
  /** Distinct warnings and errors the kit logged while handling the streams. */
  logged: string[];
}

export const shuffleSeeds = Array.from({ length: 10 }, (_, index) => index + 1);
const plankitWebhookSecret = 'whsec_bench_plankit';

/** The user's later changes, made on Stripe as the portal would: Starter -> Pro, 3 seats, then cancel at period end. */
async function laterChanges(emulator: Emulator, subscriptionId: string): Promise<void> {
  const stripe = stripeFor(emulator);
  const subscription = await stripe.subscriptions.retrieve(subscriptionId);
  const pro = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data[0];
  if (!pro || !subscription.items.data[0]) throw new Error('no Pro price or no item');
  await stripe.subscriptions.update(subscriptionId, {
    items: [{ id: subscription.items.data[0].id, price: pro.id, quantity: 3 }],
    proration_behavior: 'none',
  });
  await stripe.subscriptions.update(subscriptionId, { cancel_at_period_end: true });
}

async function truthOf(emulator: Emulator, subscriptionId: string): Promise<SubscriptionView> {
  const subscription = await stripeFor(emulator).subscriptions.retrieve(subscriptionId);
  const item = subscription.items.data[0];
  return {
    plan: item?.price.lookup_key?.split('_')[0] ?? null,
    interval: item?.price.recurring?.interval ?? null,
    status: subscription.status,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    quantity: item?.quantity ?? null,
  };
}

const sameView = (a: SubscriptionView, b: SubscriptionView) => JSON.stringify(a) === JSON.stringify(b);

function liveSubscriptionOf(emulator: Emulator, customer: string): string {
  const found = Object.values(emulator.state.subscriptions).find(
    (subscription) => subscription.customer === customer && subscription.status === 'active',
  );
  if (!found) throw new Error(`no active subscription for ${customer}`);
  return found.id;
}

/**
 * The app's users table as Plankit's `customers` mapping: like the plugin's `user.stripeCustomerId`, it outlives a
 * server instance, so a fresh instance reads the subscription without looking the customer up in Stripe.
 */
function usersTable(): CustomerMapping {
  const rows = new Map<string, string>();
  return {
    find: async (identity) => rows.get(identity.userId) ?? null,
    save: async (identity, customerId) => {
      rows.set(identity.userId, customerId);
    },
  };
}

/** Plankit's history: Checkout through Plankit, paid, then the later changes; returns its events and subscription. */
async function plankitHistory(emulator: Emulator, customers: CustomerMapping) {
  const billing = createBilling(emulator, undefined, { customers });
  const before = eventCount(emulator);
  const started = await callRoute(billing, '/checkout', 'shuffled', { plan: 'starter', interval: 'month' });
  await payCheckout(String(started.json.url));
  const customer = Object.values(emulator.state.customers).find(
    (candidate) => candidate.metadata?.plankit_user_id === 'shuffled',
  );
  if (!customer) throw new Error('Plankit created no customer');
  const subscription = liveSubscriptionOf(emulator, customer.id);
  await laterChanges(emulator, subscription);
  return { events: eventsSince(emulator, before), subscription };
}

/** The plugin's history: upgrade through it, paid, then the same changes; returns the database before any webhook. */
async function peerHistory(emulator: Emulator) {
  const database = emptyPeerDatabase();
  const peer = createPeer(emulator, database);
  const cookie = await peer.signUp(peerUser);
  const before = eventCount(emulator);
  const started = await peerUpgrade(peer, cookie, 'starter');
  await payCheckout(String(started.json.url));
  const customer = database.user?.[0]?.stripeCustomerId;
  if (typeof customer !== 'string') throw new Error('the plugin stored no customer');
  const subscription = liveSubscriptionOf(emulator, customer);
  await laterChanges(emulator, subscription);
  return { events: eventsSince(emulator, before), subscription, cookie, database };
}

/** A kit's reply record read as a view; `names` says which of its fields holds each part. */
function viewOf(
  record: Record<string, unknown> | undefined,
  names: Record<keyof SubscriptionView, string>,
): SubscriptionView {
  const field = <T>(name: string) => (record?.[name] as T | undefined) ?? null;
  return {
    plan: field<string>(names.plan),
    interval: field<string>(names.interval),
    status: field<string>(names.status),
    cancelAtPeriodEnd: field<boolean>(names.cancelAtPeriodEnd),
    quantity: field<number>(names.quantity),
  };
}

async function plankitView(billing: Plankit): Promise<SubscriptionView> {
  const reply = await callRoute(billing, '/subscription', 'shuffled');
  const [summary] = (reply.json.subscriptions ?? []) as Array<Record<string, unknown>>;
  return viewOf(summary, {
    plan: 'planKey',
    interval: 'interval',
    status: 'status',
    cancelAtPeriodEnd: 'cancelAtPeriodEnd',
    quantity: 'quantity',
  });
}

async function peerView(
  emulator: Emulator,
  database: PeerDatabase,
  cookie: string,
): Promise<SubscriptionView> {
  const reply = await createPeer(emulator, database).call('/subscription/list', cookie);
  const [row] = (reply.json.list ?? []) as Array<Record<string, unknown>>;
  return viewOf(row, {
    plan: 'plan',
    interval: 'billingInterval',
    status: 'status',
    cancelAtPeriodEnd: 'cancelAtPeriodEnd',
    quantity: 'seats',
  });
}

function result(
  events: Stripe.Event[],
  stripeTruth: SubscriptionView,
  views: SubscriptionView[],
  rejected: number,
  webhookStripeCalls: number,
  logged: string[],
): KitShuffleResult {
  return {
    eventTypes: events.map((event) => event.type),
    stripeTruth,
    views,
    correct: views.filter((view) => sameView(view, stripeTruth)).length,
    trials: views.length,
    deliveriesPerTrial: events.length * 2,
    rejected,
    webhookStripeCalls,
    logged: [...new Set(logged)],
  };
}

/** Every event twice in the seed's order; the positions are the same for both kits. */
function shuffled(events: Stripe.Event[], seed: number): Stripe.Event[] {
  return shuffledDuplicatedOrder(events.length, seed).map((position) => events[position]!);
}

/**
 * Plankit's history, then for each seed a fresh instance (empty memory store, the same users table) receives the
 * shuffled, duplicated stream on `POST /webhook`; its view is `GET /subscription` afterwards.
 */
export async function shufflePlankit(emulator: Emulator, seeds = shuffleSeeds): Promise<KitShuffleResult> {
  emulator.reset();
  const customers = usersTable();
  const { events, subscription } = await plankitHistory(emulator, customers);
  const truth = await truthOf(emulator, subscription);
  const views: SubscriptionView[] = [];
  let rejected = 0;
  let calls = 0;
  const logged: string[] = [];
  // Only what the deliveries log (the history's and the views' requests are not under test here).
  let delivering = false;
  const log = (level: string) => (message: string) => {
    if (delivering) logged.push(`${level}: ${message}`);
  };
  for (const seed of seeds) {
    // Configured as an app runs it: a Stripe client that retries twice, as Plankit asks (it warns otherwise).
    const billing = createBilling(emulator, undefined, {
      stripe: stripeFor(emulator, { maxNetworkRetries: 2 }),
      customers,
      webhook: { secret: plankitWebhookSecret },
      logger: { warn: log('warn'), error: log('error') },
    });
    emulator.clearRequestLog();
    delivering = true;
    for (const event of shuffled(events, seed)) {
      const { payload, signature } = signedDelivery(event, plankitWebhookSecret);
      const response = await billing.handler(
        new Request(`http://localhost${billing.basePath}/webhook`, {
          method: 'POST',
          headers: { 'stripe-signature': signature, 'content-type': 'application/json' },
          body: payload,
        }),
      );
      await response.text();
      if (response.status >= 300) rejected += 1;
    }
    delivering = false;
    calls += emulator.requestLog().length;
    views.push(await plankitView(billing));
  }
  return result(events, truth, views, rejected, calls, logged);
}

/**
 * The plugin's history, then for each seed a fresh instance on a copy of the database as it was before any
 * webhook receives the same positions of its own events; its view is `GET /subscription/list` afterwards.
 */
export async function shufflePeer(emulator: Emulator, seeds = shuffleSeeds): Promise<KitShuffleResult> {
  emulator.reset();
  const history = await peerHistory(emulator);
  const truth = await truthOf(emulator, history.subscription);
  const views: SubscriptionView[] = [];
  let rejected = 0;
  let calls = 0;
  const logged: string[] = [];
  for (const seed of seeds) {
    const database = copyPeerDatabase(history.database);
    const peer = createPeer(emulator, database);
    emulator.clearRequestLog();
    const statuses = await deliverToPeer(peer, shuffled(history.events, seed));
    logged.push(...peer.logs);
    rejected += statuses.filter((status) => status >= 300).length;
    calls += emulator.requestLog().length;
    views.push(await peerView(emulator, database, history.cookie));
  }
  return result(history.events, truth, views, rejected, calls, logged);
}
