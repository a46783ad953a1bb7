import {
  blocksNewCheckout,
  type CancelRequest,
  type CancelResponse,
  type Catalog,
  type ChangePlanRequest,
  type ChangePlanResponse,
  type CheckoutRequest,
  type CheckoutResponse,
  defaultBasePath,
  type ErrorCode,
  errorBody,
  errorCodes,
  type PortalRequest,
  type PortalResponse,
  type PreviewChangeRequest,
  type PreviewChangeResponse,
  type ResumeRequest,
  type ResumeResponse,
  type RetentionAcceptRequest,
  type RetentionAcceptResponse,
  type RouteName,
  routePaths,
  routes,
  type SubscriptionState,
  type SubscriptionSummary,
  type SyncRequest,
} from '@plankit/core';
import type { FetchLike } from '../client';
import { catalogIn } from './catalog-texts';
import { inCurrency, type StoryCurrency } from './currency';
import { notSubscribed, periodEnd, preview, retentionOffer, standardCatalog } from './fixtures';

/** The request and response body of each route, as the core contract types them. */
interface RouteBodies {
  plans: [undefined, Catalog];
  subscription: [undefined, SubscriptionState];
  checkout: [CheckoutRequest, CheckoutResponse];
  portal: [PortalRequest, PortalResponse];
  previewChange: [PreviewChangeRequest, PreviewChangeResponse];
  changePlan: [ChangePlanRequest, ChangePlanResponse];
  cancel: [CancelRequest, CancelResponse];
  retentionAccept: [RetentionAcceptRequest, RetentionAcceptResponse];
  resume: [ResumeRequest, ResumeResponse];
  sync: [SyncRequest, SubscriptionState];
}

/**
 * What a route answers: a body, `loading` (the request never settles), `error` (503 stripe_unavailable, what
 * the server says when Stripe is down) or any other error code with its status.
 */
export type Answer<T> = T | 'loading' | 'error' | { error: ErrorCode };

/** A fixed answer, or one computed from the (schema-checked) request and the story server's state. */
export type RouteHandler<R extends RouteName> =
  | Answer<RouteBodies[R][1]>
  | ((request: RouteBodies[R][0], server: StoryServerState) => Answer<RouteBodies[R][1]>);

/**
 * A story's billing backend: per route, what it answers. Routes left out behave like Plankit's server:
 * Checkout for new customers, a redirect to the portal for subscribed ones, portal links per flow, a preview
 * computed from the catalog, the retention offer when the subscription has one, cancel / resume / accept that
 * update the subscription (so the kit's refetch shows the new state).
 */
export type StoryBilling = { [R in RouteName]?: RouteHandler<R> };

/** The mutable state behind the default answers. */
export interface StoryServerState {
  catalog: Catalog;
  subscriptions: SubscriptionSummary[];
}

export interface StoryServerOptions {
  currency: StoryCurrency;
  basePath?: string;
  /** Called with every request whose body passed the route's request schema. */
  onRequest?(route: RouteName, body: unknown): void;
}

/** Where the story server sends the customer: Stripe-like URLs that say which flow was asked for. */
export const storyUrls = {
  checkout: (plan: string, interval: string) =>
    `https://checkout.stripe.com/c/pay/cs_story_${plan}_${interval}`,
  portal: (flow: string) => `https://billing.stripe.com/p/session/story_${flow}`,
};

const neverSettles = () => new Promise<Response>(() => {});

function errorResponse(code: ErrorCode): Response {
  return Response.json(errorBody(code), { status: errorCodes[code].status });
}

function priceOf(catalog: Catalog, key: string | null, interval: string | null) {
  const entry = catalog.plans.find((candidate) => candidate.key === key);
  return (
    entry?.prices.find((price) => price.interval === interval && price.intervalCount === 1)?.unitAmount ?? 0
  );
}

function addOnsTotal(catalog: Catalog, keys: readonly string[], interval: string) {
  return keys.reduce((sum, key) => {
    const entry = catalog.addOns.find((candidate) => candidate.key === key);
    return sum + (entry?.prices.find((price) => price.interval === interval)?.unitAmount ?? 0);
  }, 0);
}

/** The default answers: a small model of Plankit's server on one customer. */
const defaults: {
  [R in RouteName]: (request: RouteBodies[R][0], server: StoryServerState) => Answer<RouteBodies[R][1]>;
} = {
  plans: (_, server) => server.catalog,
  subscription: (_, server) => ({ subscriptions: server.subscriptions }),
  sync: (_, server) => ({ subscriptions: server.subscriptions }),
  checkout: (request, server) =>
    server.subscriptions.some((sub) => blocksNewCheckout(sub.status))
      ? { type: 'redirect', reason: 'already_subscribed', url: storyUrls.portal('homepage') }
      : {
          type: 'checkout',
          url: storyUrls.checkout(request.plan, request.interval),
          sessionId: `cs_story_${request.plan}`,
        },
  portal: (request) => ({ type: 'portal', url: storyUrls.portal(request.flow) }),
  previewChange: (request, server) => {
    const current = server.subscriptions[0];
    if (!current) return { error: 'subscription_not_found' };
    const quantity = request.quantity ?? current.quantity;
    const before =
      priceOf(server.catalog, current.planKey, current.interval) * current.quantity +
      addOnsTotal(server.catalog, current.addOns, current.interval ?? 'month');
    const after =
      priceOf(server.catalog, request.plan, request.interval) * quantity +
      addOnsTotal(server.catalog, request.addOns ?? [], request.interval);
    // Half of the period is left: half of the old price comes back, half (or a new year) of the new is due.
    const sameInterval = request.interval === current.interval;
    const credit = -Math.round(before / 2);
    const charge = sameInterval ? Math.round(after / 2) : after;
    return preview(credit + charge, after, [
      { description: 'Unused time on the current plan', amount: credit, proration: true },
      { description: 'Remaining time on the new plan', amount: charge, proration: true },
    ]);
  },
  changePlan: (request, server) => {
    const current = server.subscriptions[0];
    if (!current) return { error: 'subscription_not_found' };
    const updated = {
      ...current,
      planKey: request.plan,
      interval: request.interval,
      quantity: request.quantity ?? current.quantity,
      addOns: request.addOns ?? [],
    };
    server.subscriptions = [updated];
    return { type: 'updated', subscription: updated };
  },
  cancel: (request, server) => {
    const current = server.subscriptions[0];
    if (!current) return { error: 'subscription_not_found' };
    if (current.retentionOfferAvailable && !request.declineOffer) {
      return { type: 'retention_offer', offer: retentionOffer };
    }
    if (request.mode === 'portal') return { type: 'portal', url: storyUrls.portal('subscription_cancel') };
    const cancellation = { reason: request.reason, comment: request.comment ?? null };
    const updated: SubscriptionSummary =
      request.mode === 'immediately'
        ? { ...current, status: 'canceled', cancellation, retentionOfferAvailable: false }
        : {
            ...current,
            cancelAtPeriodEnd: true,
            cancelAt: current.currentPeriodEnd ?? periodEnd,
            cancellation,
            retentionOfferAvailable: false,
          };
    server.subscriptions = [updated];
    return { type: 'canceled', subscription: updated };
  },
  retentionAccept: (_, server) => {
    const current = server.subscriptions[0];
    if (!current) return { error: 'subscription_not_found' };
    const updated: SubscriptionSummary = {
      ...current,
      retentionOfferAvailable: false,
      discount: { ...retentionOffer, end: periodEnd },
    };
    server.subscriptions = [updated];
    return { type: 'retained', subscription: updated };
  },
  resume: (_, server) => {
    const current = server.subscriptions[0];
    if (!current) return { error: 'subscription_not_found' };
    const updated = { ...current, cancelAtPeriodEnd: false, cancelAt: null, cancellation: null };
    server.subscriptions = [updated];
    return { type: 'resumed', subscription: updated };
  },
};

function isErrorAnswer(answer: unknown): answer is { error: ErrorCode } {
  return typeof answer === 'object' && answer !== null && 'error' in answer;
}

function isBody<T>(answer: Answer<T>): answer is T {
  return answer !== 'loading' && answer !== 'error' && !isErrorAnswer(answer);
}

/**
 * A `fetch` for `<PlankitProvider fetch>` that answers the kit's routes in the browser, through the same
 * HTTP contract as Plankit's server: request bodies are parsed with the core request schemas, answers with the
 * response schemas (after converting amounts to the story's currency).
 */
export function createStoryServer(billing: StoryBilling, options: StoryServerOptions) {
  const basePath = options.basePath ?? defaultBasePath;
  const initial = billing.subscription;
  const state: StoryServerState = {
    catalog: typeof billing.plans === 'object' && isBody(billing.plans) ? billing.plans : standardCatalog,
    subscriptions: (typeof initial === 'object' && isBody(initial) ? initial : notSubscribed).subscriptions,
  };
  // Typed per route where stories write handlers; looked up by name here.
  type Handler = (request: unknown, server: StoryServerState) => Answer<unknown>;
  const answer = (route: RouteName, request: unknown): Answer<unknown> => {
    const handler = billing[route] as Answer<unknown> | Handler | undefined;
    const fallback = defaults[route] as Handler;
    // A fixed subscription is only the starting state: mutations change it and the refetch shows that.
    if (route === 'subscription' && typeof handler === 'object' && handler !== null) {
      return isBody(handler) ? fallback(request, state) : handler;
    }
    if (handler === undefined) return fallback(request, state);
    return typeof handler === 'function' ? handler(request, state) : handler;
  };
  const fetch: FetchLike = async (url, init) => {
    const [path, query = ''] = url.split('?');
    const route = (Object.keys(routePaths) as RouteName[]).find(
      (name) => basePath + routePaths[name].path === path && routePaths[name].method === init.method,
    );
    if (!route) return errorResponse('not_found');
    const contract = routes[route];
    const raw: unknown = init.body ? JSON.parse(String(init.body)) : undefined;
    const parsed = contract.request ? contract.request.safeParse(raw) : { success: true as const, data: raw };
    if (!parsed.success) {
      console.error(`story server: ${route} request breaks the contract`, parsed.error.issues);
      return errorResponse('invalid_request');
    }
    options.onRequest?.(route, parsed.data);
    const result = answer(route, parsed.data);
    if (result === 'loading') return neverSettles();
    if (result === 'error') return errorResponse('stripe_unavailable');
    if (isErrorAnswer(result)) return errorResponse(result.error);
    // GET /plans?locale=de: the catalog's translated texts, as Plankit's server sends them.
    if (route === 'plans')
      return Response.json(
        catalogIn(
          contract.response.parse(inCurrency(result, options.currency)) as Catalog,
          new URLSearchParams(query).get('locale'),
        ),
      );
    return Response.json(contract.response.parse(inCurrency(result, options.currency)));
  };
  return { fetch, state };
}
