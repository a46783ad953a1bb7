import type { Plankit } from '@plankit/server';
import type { Emulator } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';
import { callRoute, createBilling, type Reply } from './billing-fixture';

/** What a scenario works with: a fresh emulator state and a fresh Plankit instance (empty memory store). */
export interface ScenarioContext {
  emulator: Emulator;
  /** The bench's own client, for setting up state (its calls are cleared from the log before the action). */
  stripe: Stripe;
  billing: Plankit;
}

/** One user action through Plankit, with the fewest Stripe calls it could possibly take. */
export interface Scenario {
  id: string;
  label: string;
  /** The fewest Stripe calls that can do this action with the same guarantees. */
  minimum: number;
  /** Why that many calls are needed. */
  minimumWhy: string;
  /** The most calls the budget test accepts (the measured count, each call above the minimum explained). */
  budget: number;
  /** Why Plankit makes each call above the minimum ('' when it makes none). */
  aboveMinimum: string;
  /** Runs before the request log is cleared; returns what the action needs. */
  prepare(context: ScenarioContext): Promise<Prepared>;
  /** The measured action: one request to Plankit. */
  run(context: ScenarioContext, prepared: Prepared): Promise<Reply>;
  /** The reply's `type` (or status) the action must produce, so a broken setup cannot pass as "few calls". */
  expect: string;
}

export interface Prepared {
  user: string;
  subscription?: string;
}

const user = 'user_bench';

function customerIdOf(emulator: Emulator, userId: string): string {
  const customer = Object.values(emulator.state.customers).find(
    (candidate) => (candidate as Stripe.Customer).metadata?.plankit_user_id === userId,
  ) as Stripe.Customer | undefined;
  if (!customer) throw new Error(`no customer for ${userId}`);
  return customer.id;
}

/** Warms the catalog (one `GET /plans`), as any page of the app does before billing actions. */
export async function warmCatalog(context: ScenarioContext): Promise<void> {
  await callRoute(context.billing, '/plans', user);
}

/**
 * A user whose customer Plankit created (so it is cached in the store) and who is subscribed, as after a paid
 * Checkout: the session left open by the first checkout is expired, the subscription created in Stripe.
 */
export async function subscribedUser(context: ScenarioContext, lookupKey = 'pro_monthly'): Promise<Prepared> {
  await warmCatalog(context);
  const started = await callRoute(context.billing, '/checkout', user, { plan: 'starter', interval: 'month' });
  await context.stripe.checkout.sessions.expire(String(started.json.sessionId));
  const customer = customerIdOf(context.emulator, user);
  const price = (await context.stripe.prices.list({ lookup_keys: [lookupKey] })).data[0];
  if (!price) throw new Error(`no price ${lookupKey}`);
  const subscription = await context.stripe.subscriptions.create({
    customer,
    items: [{ price: price.id }],
    default_payment_method: 'pm_card_visa',
  });
  return { user, subscription: subscription.id };
}

/**
 * A subscribed user whose snapshot is warm: the subscription.created webhook (or the return page's POST /sync)
 * synced it, as happens in every app after paying.
 */
export async function syncedSubscribedUser(context: ScenarioContext): Promise<Prepared> {
  const prepared = await subscribedUser(context);
  await callRoute(context.billing, '/sync', prepared.user, {});
  return prepared;
}

/** Same state, but the server restarted: nothing cached (customer id, catalog). */
async function subscribedUserColdServer(context: ScenarioContext): Promise<Prepared> {
  const prepared = await subscribedUser(context);
  context.billing = createBilling(context.emulator);
  return prepared;
}

/** A user with a Stripe customer (cached) but no subscription and no open Checkout session. */
export async function customerWithoutSubscription(context: ScenarioContext): Promise<Prepared> {
  await warmCatalog(context);
  const started = await callRoute(context.billing, '/checkout', user, { plan: 'starter', interval: 'month' });
  await context.stripe.checkout.sessions.expire(String(started.json.sessionId));
  return { user };
}

function subscriptionOf(prepared: Prepared): string {
  if (!prepared.subscription) throw new Error('scenario prepared no subscription');
  return prepared.subscription;
}

const portalSubscriptionWhy =
  'one subscriptions.retrieve to check the subscription belongs to the caller (security rule: every subscription ' +
  'id is fetched and its customer compared before anything) + billingPortal.sessions.create';

export const scenarios: Scenario[] = [
  {
    id: 'catalog-cold',
    label: 'GET /plans, cold cache',
    minimum: 1,
    minimumWhy:
      'one prices.list by lookup_keys with expand[]=data.product covers up to 10 lookup keys (8 here)',
    budget: 1,
    aboveMinimum: '',
    prepare: async () => ({ user }),
    run: (context, prepared) => callRoute(context.billing, '/plans', prepared.user),
    expect: 'status 200',
  },
  {
    id: 'catalog-warm',
    label: 'GET /plans, warm cache',
    minimum: 0,
    minimumWhy: 'served from the in-process cache until the TTL or a product/price webhook',
    budget: 0,
    aboveMinimum: '',
    prepare: async (context) => {
      await warmCatalog(context);
      return { user };
    },
    run: (context, prepared) => callRoute(context.billing, '/plans', prepared.user),
    expect: 'status 200',
  },
  {
    id: 'subscription',
    label: 'GET /subscription, subscribed user (customer id and snapshot in the store)',
    minimum: 0,
    minimumWhy:
      'answered from the billing snapshot the webhooks (or POST /sync) keep: customer link, snapshot and catalog all in the store; a missing snapshot costs one subscriptions.list (the sync)',
    budget: 0,
    aboveMinimum: '',
    prepare: syncedSubscribedUser,
    run: (context, prepared) => callRoute(context.billing, '/subscription', prepared.user),
    expect: 'status 200',
  },
  {
    id: 'subscription-cold-server',
    label: 'GET /subscription, subscribed user, server just started (nothing cached)',
    minimum: 2,
    minimumWhy:
      'the customer must be found once (customers.list by email, read-after-write, so it also sees a customer ' +
      'created seconds ago; search only when the email changed since; 0 with an app-side `customers` mapping), ' +
      'then it is in the store for good + subscriptions.list; the catalog is needed for plan keys and costs 1 ' +
      'prices.list when cold',
    budget: 3,
    aboveMinimum:
      'prices.list: the catalog is cold too after a restart and maps prices to plan keys; it is then cached for every user (5 min), so this call is shared, not per user.',
    prepare: subscribedUserColdServer,
    run: (context, prepared) => callRoute(context.billing, '/subscription', prepared.user),
    expect: 'status 200',
  },
  {
    id: 'subscription-new-user',
    label: 'GET /subscription, signed-in user with no Stripe customer',
    minimum: 1,
    minimumWhy:
      'one lookup proves there is no customer (0 with an app-side mapping); no customer is created for a read',
    budget: 2,
    aboveMinimum:
      'customers.search on metadata, after the list by email found no customer linked to the user: only search finds a customer linked to the user whose email has changed since (the list is by email; 0 searches with customerLookup: \'no-search\'). The list comes first because it is read-after-write (search lags writes and is limited to 20/s), and the "no customer" answer is then remembered in the store, so this is once per user.',
    prepare: async (context) => {
      await warmCatalog(context);
      return { user };
    },
    run: (context, prepared) => callRoute(context.billing, '/subscription', prepared.user),
    expect: 'status 200',
  },
  {
    id: 'checkout-new-customer',
    label: 'POST /checkout, new user (no Stripe customer yet)',
    minimum: 3,
    minimumWhy:
      'one lookup (customers.list by email: is there a customer for this user?) + customers.create + ' +
      'checkout.sessions.create; a customer created in this request has no subscriptions or sessions to look at',
    budget: 4,
    aboveMinimum:
      'customers.search on metadata (as above: finds a customer linked to the user under an earlier email, which the list by email cannot; not creating a duplicate for that user is worth the call). No subscriptions.list or checkout.sessions.list: a customer Stripe created for this very request (customers.create not an idempotent replay) has neither. When the create is a replay (another request or instance created the customer first), both lists run (+2 calls, 1 round trip) before the session is created.',
    prepare: async (context) => {
      await warmCatalog(context);
      return { user };
    },
    run: (context, prepared) =>
      callRoute(context.billing, '/checkout', prepared.user, { plan: 'pro', interval: 'month' }),
    expect: 'checkout',
  },
  {
    id: 'checkout-returning-customer',
    label: 'POST /checkout, existing customer, not subscribed, no open session',
    minimum: 2,
    minimumWhy:
      'subscriptions.list (one subscription per customer) + checkout.sessions.create; listing open sessions is ' +
      'what keeps at most one session open',
    budget: 3,
    aboveMinimum:
      'checkout.sessions.list (parallel with subscriptions.list, so no extra round trip): reuses an open session for the same request, expires others, and anchors the idempotency key that keeps at most one session open across instances.',
    prepare: customerWithoutSubscription,
    run: (context, prepared) =>
      callRoute(context.billing, '/checkout', prepared.user, { plan: 'pro', interval: 'month' }),
    expect: 'checkout',
  },
  {
    id: 'checkout-subscribed',
    label: 'POST /checkout, subscribed user (answered with a portal redirect)',
    minimum: 2,
    minimumWhy: 'subscriptions.list finds the subscription + billingPortal.sessions.create for the redirect',
    budget: 3,
    aboveMinimum:
      "checkout.sessions.list (parallel with subscriptions.list): a subscribed customer's session left open in another tab is expired so it cannot be paid (none here).",
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/checkout', prepared.user, { plan: 'team', interval: 'year', quantity: 2 }),
    expect: 'redirect',
  },
  {
    id: 'portal-homepage',
    label: 'POST /portal homepage',
    minimum: 1,
    minimumWhy: 'billingPortal.sessions.create (customer id cached)',
    budget: 1,
    aboveMinimum: '',
    prepare: subscribedUser,
    run: (context, prepared) => callRoute(context.billing, '/portal', prepared.user, { flow: 'homepage' }),
    expect: 'status 200',
  },
  {
    id: 'portal-payment-method-update',
    label: 'POST /portal payment_method_update',
    minimum: 1,
    minimumWhy: 'billingPortal.sessions.create with flow_data (customer id cached)',
    budget: 1,
    aboveMinimum: '',
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/portal', prepared.user, { flow: 'payment_method_update' }),
    expect: 'status 200',
  },
  {
    id: 'portal-subscription-cancel',
    label: 'POST /portal subscription_cancel',
    minimum: 2,
    minimumWhy: portalSubscriptionWhy,
    budget: 2,
    aboveMinimum: '',
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/portal', prepared.user, {
        flow: 'subscription_cancel',
        subscription: subscriptionOf(prepared),
      }),
    expect: 'status 200',
  },
  {
    id: 'portal-subscription-update',
    label: 'POST /portal subscription_update',
    minimum: 2,
    minimumWhy: portalSubscriptionWhy,
    budget: 2,
    aboveMinimum: '',
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/portal', prepared.user, {
        flow: 'subscription_update',
        subscription: subscriptionOf(prepared),
      }),
    expect: 'status 200',
  },
  {
    id: 'portal-subscription-update-confirm',
    label: 'POST /portal subscription_update_confirm (pro monthly -> pro yearly)',
    minimum: 2,
    minimumWhy: `${portalSubscriptionWhy}; the same retrieve gives the item ids the confirm flow needs`,
    budget: 2,
    aboveMinimum: '',
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/portal', prepared.user, {
        flow: 'subscription_update_confirm',
        subscription: subscriptionOf(prepared),
        plan: 'pro',
        interval: 'year',
      }),
    expect: 'status 200',
  },
  {
    id: 'preview-change',
    label: 'POST /preview-change (starter -> pro)',
    minimum: 2,
    minimumWhy: 'subscriptions.retrieve (ownership, item ids to replace) + invoices.createPreview',
    budget: 2,
    aboveMinimum: '',
    prepare: (context) => subscribedUser(context, 'starter_monthly'),
    run: (context, prepared) =>
      callRoute(context.billing, '/preview-change', prepared.user, {
        subscription: subscriptionOf(prepared),
        plan: 'pro',
        interval: 'month',
      }),
    expect: 'status 200',
  },
  {
    id: 'change-plan',
    label: 'POST /change-plan (starter -> pro, in app)',
    minimum: 2,
    minimumWhy: 'subscriptions.retrieve (ownership, item ids) + subscriptions.update',
    budget: 3,
    aboveMinimum:
      '+1 for the re-sync of the customer billing snapshot after the change succeeded (one subscriptions.list), so the next read shows it before the webhook arrives. ',
    prepare: (context) => subscribedUser(context, 'starter_monthly'),
    run: (context, prepared) =>
      callRoute(context.billing, '/change-plan', prepared.user, {
        subscription: subscriptionOf(prepared),
        plan: 'pro',
        interval: 'month',
      }),
    expect: 'status 200',
  },
  {
    id: 'cancel-retention-offer',
    label: 'POST /cancel, first time: retention offer',
    minimum: 3,
    minimumWhy:
      'subscriptions.retrieve (ownership, was an offer made? the customer comes expanded) + customers.update to ' +
      'remember the offer on the customer (once per customer across instances and re-subscriptions, issue 15.3) + ' +
      'subscriptions.update to mark the offer on this subscription (only an offered subscription may accept it); ' +
      'the coupon is cached after the first read',
    budget: 5,
    aboveMinimum:
      "+1 for the re-sync of the customer billing snapshot after the change succeeded (one subscriptions.list), so the next read shows it before the webhook arrives. coupons.retrieve for the offer's terms; cached in the process after the first read (a fresh instance here), so 3 per offer afterwards. The budget rose from 3 to 4 with issue 15.3: the customers.update (in the minimum) is what keeps the coupon once per customer, so a customer cannot collect it again by cancelling a new subscription.",
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/cancel', prepared.user, {
        subscription: subscriptionOf(prepared),
        reason: 'too_expensive',
      }),
    expect: 'retention_offer',
  },
  {
    id: 'cancel-at-period-end',
    label: 'POST /cancel at_period_end (offer declined)',
    minimum: 2,
    minimumWhy:
      'subscriptions.retrieve (ownership) + subscriptions.update with cancel_at_period_end and the reason',
    budget: 3,
    aboveMinimum:
      '+1 for the re-sync of the customer billing snapshot after the change succeeded (one subscriptions.list), so the next read shows it before the webhook arrives. ',
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/cancel', prepared.user, {
        subscription: subscriptionOf(prepared),
        reason: 'switched_service',
        mode: 'at_period_end',
        declineOffer: true,
      }),
    expect: 'canceled',
  },
  {
    id: 'cancel-immediately',
    label: 'POST /cancel immediately (offer declined)',
    minimum: 2,
    minimumWhy: 'subscriptions.retrieve (ownership) + subscriptions.cancel with cancellation_details',
    budget: 3,
    aboveMinimum:
      '+1 for the re-sync of the customer billing snapshot after the change succeeded (one subscriptions.list), so the next read shows it before the webhook arrives. ',
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/cancel', prepared.user, {
        subscription: subscriptionOf(prepared),
        reason: 'unused',
        mode: 'immediately',
        declineOffer: true,
      }),
    expect: 'canceled',
  },
  {
    id: 'cancel-portal',
    label: 'POST /cancel through the portal (offer declined)',
    minimum: 2,
    minimumWhy:
      'subscriptions.retrieve (ownership) + billingPortal.sessions.create for the cancel deep link; the in-app ' +
      "reason waits in Plankit's store and reaches cancellation_details through the webhook only once the customer " +
      'confirms in the portal (issue 15.10), so an abandoned flow leaves no reason on the subscription',
    budget: 2,
    aboveMinimum: '',
    prepare: subscribedUser,
    run: (context, prepared) =>
      callRoute(context.billing, '/cancel', prepared.user, {
        subscription: subscriptionOf(prepared),
        reason: 'missing_features',
        mode: 'portal',
        declineOffer: true,
      }),
    expect: 'portal',
  },
];
