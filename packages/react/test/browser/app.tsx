/**
 * The page the browser tests open: one scenario of the kit (picked by `location.hash`), rendered with the
 * story server as the billing backend. Served under a strict CSP with Trusted Types (see page-server.ts), so
 * every scenario also proves the kit needs no inline style, inline script or eval.
 */
import { defaultBasePath, type RouteName, routePaths } from '@plankit/core';
import { QueryClient } from '@tanstack/react-query';
import { type ReactNode, StrictMode, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  CancelWithReason,
  de,
  ManageSubscriptionButton,
  PastDueBanner,
  PlankitProvider,
  type PlanSelection,
  PlanSwitchConfirm,
  PricingTable,
  UpdatePaymentMethodButton,
} from '../../src/index';
import {
  cancelingAtPeriodEnd,
  perSeatCatalog,
  standardCatalog,
  subscription,
  subscriptions,
} from '../../src/stories-support/fixtures';
import { createStoryServer, type StoryBilling } from '../../src/stories-support/story-server';

/** What a test reads and drives from the outside (through page.evaluate). */
export interface PageControl {
  /** Route and body of every request the kit sent. */
  requests: { route: RouteName; body: unknown }[];
  /** URLs the kit navigated to (captured, not followed). */
  navigations: string[];
  /** Lets the held requests of a route answer. */
  release(route: RouteName): void;
  /** Changes the subscription's status on the server and refetches it (e.g. a renewal that failed). */
  setStatus(status: 'active' | 'past_due'): Promise<void>;
}

declare global {
  interface Window {
    plankitTest: PageControl;
  }
}

const onStarter = subscriptions(subscription({ planKey: 'starter' }));

/** A promotion code the server refuses, like an expired one. */
const refuse = (code: string | undefined) => code === 'EXPIRED';

interface Scenario {
  billing: StoryBilling;
  /** Routes whose requests wait for `release(route)`. */
  hold?: RouteName[];
  locale?: 'de';
  ui: ReactNode;
}

/** The plan switch flow of an app: the table's Switch, or the app's own button, opens the dialog. */
function SwitchFlow() {
  const [change, setChange] = useState<PlanSelection | null>(null);
  const [fromApp, setFromApp] = useState(false);
  const own = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button
        type="button"
        ref={own}
        onClick={() => {
          setFromApp(true);
          setChange({ plan: 'team', interval: 'month', quantity: 2, addOns: [] });
        }}
      >
        Try Team
      </button>
      <PricingTable
        onSwitch={(selection) => {
          setFromApp(false);
          setChange(selection);
        }}
      />
      <PlanSwitchConfirm
        change={change}
        onClose={() => setChange(null)}
        mode="in-app"
        promotionCode
        returnFocus={fromApp ? own : undefined}
      />
    </>
  );
}

const scenarios: Record<string, Scenario> = {
  /** A new customer: plans, seats, add-ons, a promotion code; Checkout never answers (stays "Redirecting…"). */
  pricing: {
    billing: {
      plans: standardCatalog,
      checkout: (request) =>
        refuse(request.promotionCode) ? { error: 'invalid_promotion_code' } : 'loading',
    },
    ui: <PricingTable promotionCode />,
  },
  /** The plans arrive when the test releases them. */
  'pricing-held': { billing: { plans: perSeatCatalog }, hold: ['plans'], ui: <PricingTable /> },
  /** A subscribed customer switches plans in a modal dialog, from the table or from the app's own button. */
  switch: {
    billing: {
      plans: standardCatalog,
      subscription: onStarter,
      previewChange: (request, server) => {
        if (refuse(request.promotionCode)) return { error: 'invalid_promotion_code' };
        const amount = request.promotionCode ? 500 : 1000;
        return {
          currency: 'usd',
          dueNow: amount,
          nextInvoice: { amount: amount * 2, date: server.subscriptions[0]?.currentPeriodEnd ?? null },
          prorationDate: 1_780_000_000,
          lines: [],
        };
      },
    },
    hold: ['changePlan'],
    ui: <SwitchFlow />,
  },
  /** Cancellation with a retention offer; the cancel and accept answers wait for the test. */
  cancel: {
    billing: { subscription: subscriptions(subscription({ retentionOfferAvailable: true })) },
    hold: ['cancel', 'retentionAccept'],
    ui: <CancelWithReason mode="at_period_end" />,
  },
  /** A cancellation already scheduled: "Resume subscription", whose answer waits for the test. */
  scheduled: {
    billing: { subscription: subscriptions(cancelingAtPeriodEnd) },
    hold: ['resume'],
    ui: <CancelWithReason />,
  },
  /** The account page: banner (once the status turns past_due), portal buttons; the portal waits. */
  account: {
    billing: { subscription: subscriptions(subscription({ status: 'active' })) },
    hold: ['portal'],
    ui: (
      <>
        <PastDueBanner />
        <ManageSubscriptionButton />
        <UpdatePaymentMethodButton />
      </>
    ),
  },
  /** Every component at once in German on an English page. */
  german: {
    billing: { subscription: subscriptions(subscription({ status: 'past_due', planKey: 'starter' })) },
    locale: 'de',
    ui: (
      <>
        <PastDueBanner />
        <PricingTable promotionCode />
        <ManageSubscriptionButton />
        <CancelWithReason />
        <PlanSwitchConfirm change={{ plan: 'pro', interval: 'year' }} onClose={() => {}} />
      </>
    ),
  },
};

function start() {
  const name = location.hash.slice(1);
  const scenario = scenarios[name];
  if (!scenario) throw new Error(`no scenario "${name}"`);
  const server = createStoryServer(scenario.billing, { currency: 'usd' });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const held = new Map<RouteName, (() => void)[]>();
  const control: PageControl = {
    requests: [],
    navigations: [],
    release(route) {
      scenario.hold = scenario.hold?.filter((candidate) => candidate !== route);
      for (const go of held.get(route) ?? []) go();
      held.delete(route);
    },
    async setStatus(status) {
      server.state.subscriptions = server.state.subscriptions.map((sub) => ({ ...sub, status }));
      await queryClient.invalidateQueries();
    },
  };
  window.plankitTest = control;
  const fetch: typeof server.fetch = async (url, init) => {
    const route = routeOf(url);
    if (route) control.requests.push({ route, body: init.body ? JSON.parse(String(init.body)) : undefined });
    if (route && scenario.hold?.includes(route)) {
      await new Promise<void>((go) => held.set(route, [...(held.get(route) ?? []), go]));
    }
    return server.fetch(url, init);
  };
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <PlankitProvider
        fetch={fetch}
        queryClient={queryClient}
        navigate={(url) => control.navigations.push(url)}
        locale={scenario.locale}
        messages={scenario.locale === 'de' ? de : undefined}
        timeZone="UTC"
      >
        {scenario.ui}
      </PlankitProvider>
    </StrictMode>,
  );
}

/** The route a request of the kit goes to (the kit's default basePath). */
function routeOf(url: string): RouteName | undefined {
  return (Object.keys(routePaths) as RouteName[]).find(
    (route) => `${defaultBasePath}${routePaths[route].path}` === url.split('?')[0],
  );
}

start();
