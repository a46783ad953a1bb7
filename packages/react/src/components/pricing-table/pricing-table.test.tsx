import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { deferred, fakeServer } from '../../../test/fake-server';
import { catalog, noSubscription, subscribed } from '../../../test/fixtures';
import { expectNoAxeViolations, renderWithPlankit } from '../../../test/render';
import { de } from '../../i18n/de';
import { PlankitProvider } from '../../provider';
import { PricingTable } from './pricing-table';

const checkoutUrl = 'https://checkout.stripe.test/c/cs_1';
const portalUrl = 'https://billing.stripe.test/p/session_1';

function server(subscription = noSubscription) {
  return fakeServer({
    plans: () => ({ body: catalog }),
    subscription: () => ({ body: subscription }),
    checkout: () => ({ body: { type: 'checkout', url: checkoutUrl, sessionId: 'cs_1' } }),
    portal: () => ({ body: { type: 'portal', url: portalUrl } }),
  });
}

function plan(name: string) {
  return screen.getByRole('listitem', { name });
}

describe('PricingTable', () => {
  it('shows a loading skeleton until the plans arrive', async () => {
    const gate = deferred<{ body: unknown }>();
    const api = fakeServer({ plans: () => gate.promise, subscription: () => ({ body: noSubscription }) });
    const { container } = renderWithPlankit(<PricingTable />, { fetch: api.fetch });
    expect(screen.getByRole('status')).toHaveProperty('textContent', 'Loading plans…');
    expect(container.querySelector('[data-plankit-part="pricing-table"]')?.getAttribute('data-state')).toBe(
      'loading',
    );
    await expectNoAxeViolations(container);
    gate.resolve({ body: catalog });
    expect(await screen.findByRole('heading', { name: 'Pro' })).toBeTruthy();
  });

  it('shows the error with a retry that reloads the plans', async () => {
    let attempts = 0;
    const api = fakeServer({
      plans: () => (++attempts === 1 ? { error: 'stripe_unavailable' } : { body: catalog }),
      subscription: () => ({ body: noSubscription }),
    });
    const { container } = renderWithPlankit(<PricingTable />, { fetch: api.fetch });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Billing is temporarily unavailable. Try again shortly.',
    );
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Starter' })).toBeTruthy();
    expect(attempts).toBe(2);
  });

  it('shows an empty state when there are no plans', async () => {
    const api = fakeServer({
      plans: () => ({ body: { plans: [], addOns: [], intervals: [] } }),
      subscription: () => ({ body: noSubscription }),
    });
    const { container } = renderWithPlankit(<PricingTable />, { fetch: api.fetch });
    expect(await screen.findByText('No plans are available right now.')).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('renders plans with prices, badges, features, seats and add-ons, and toggles the interval', async () => {
    const api = server();
    const { container } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: noSubscription },
    });
    const pro = plan('Pro');
    expect(within(pro).getByText('$29')).toBeTruthy();
    expect(within(pro).getByText('Most popular')).toBeTruthy();
    expect(within(pro).getByText('14-day free trial')).toBeTruthy();
    expect(within(pro).getByRole('list', { name: 'Features of Pro' }).children).toHaveLength(2);
    expect(
      within(pro).getByRole('checkbox', { name: 'Advanced analytics (+$5\u00a0/\u00a0month)' }),
    ).toBeTruthy();
    expect(pro.getAttribute('data-state')).toBe('highlighted');
    const team = plan('Team');
    expect(within(team).getByText('per seat / month')).toBeTruthy();
    expect(within(team).getByText('2 seats')).toBeTruthy();
    expect(within(team).getByRole('button', { name: 'Remove one' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await expectNoAxeViolations(container);

    const yearly = screen.getByRole('button', { name: 'Yearly Save 17%' });
    expect(yearly.getAttribute('aria-pressed')).toBe('false');
    await userEvent.click(yearly);
    expect(yearly.getAttribute('aria-pressed')).toBe('true');
    expect(within(plan('Pro')).getByText('$290')).toBeTruthy();
    expect(within(plan('Pro')).getByText('/ year')).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('subscribes with plan keys only and goes to Checkout', async () => {
    const api = server();
    const { navigate } = renderWithPlankit(<PricingTable promotionCode returnTo="/billing" />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: noSubscription },
    });
    const team = plan('Team');
    await userEvent.click(within(team).getByRole('button', { name: 'Add one' }));
    await userEvent.click(within(team).getByRole('checkbox', { name: /Advanced analytics/ }));
    await userEvent.type(screen.getByLabelText('Promotion code'), 'WELCOME10');
    await userEvent.click(within(team).getByRole('button', { name: 'Subscribe Team' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(checkoutUrl));
    const [call] = api.callsTo('checkout');
    expect(call?.body).toEqual({
      plan: 'team',
      interval: 'month',
      quantity: 3,
      addOns: ['analytics'],
      promotionCode: 'WELCOME10',
      returnTo: '/billing',
      locale: 'en',
    });
    expect(call?.init.credentials).toBe('same-origin');
    expect(within(plan('Team')).getByRole('button', { name: 'Redirecting… Team' })).toBeTruthy();
  });

  it('sends one request for a double click', async () => {
    const gate = deferred<{ body: unknown }>();
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ body: noSubscription }),
      checkout: () => gate.promise,
    });
    renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: noSubscription },
    });
    const button = within(plan('Starter')).getByRole('button', { name: 'Subscribe Starter' });
    await userEvent.dblClick(button);
    await userEvent.click(within(plan('Pro')).getByRole('button', { name: 'Subscribe Pro' }));
    gate.resolve({ body: { type: 'checkout', url: checkoutUrl, sessionId: 'cs_1' } });
    await waitFor(() => expect(api.callsTo('checkout')).toHaveLength(1));
  });

  it('tells a stale tab it already has a subscription, refetches it, and opens the portal only when asked', async () => {
    let subscription = noSubscription;
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ body: subscription }),
      checkout: () => {
        subscription = subscribed();
        return { error: 'already_subscribed' };
      },
      portal: () => ({ body: { type: 'portal', url: portalUrl } }),
    });
    const { navigate } = renderWithPlankit(<PricingTable portalReturnTo="/pricing" />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: noSubscription },
    });
    await userEvent.click(within(plan('Pro')).getByRole('button', { name: 'Subscribe Pro' }));
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toBe('You already have a subscription. Manage it');
    expect(navigate).not.toHaveBeenCalled();
    expect(api.callsTo('portal')).toEqual([]);
    // The refetched subscription turns the table into the subscriber's view.
    expect(await within(plan('Starter')).findByText('Current plan')).toBeTruthy();
    await userEvent.click(within(notice).getByRole('button', { name: 'Manage it' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal')[0]?.body).toEqual({ flow: 'homepage', returnTo: '/pricing', locale: 'en' });
  });

  it('shows a redirect answer from Checkout as the same notice, and follows it on Manage it', async () => {
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ body: noSubscription }),
      checkout: () => ({ body: { type: 'redirect', reason: 'already_subscribed', url: portalUrl } }),
    });
    const { navigate } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: noSubscription },
    });
    await userEvent.click(within(plan('Pro')).getByRole('button', { name: 'Subscribe Pro' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Manage it' }));
    expect(navigate).toHaveBeenCalledWith(portalUrl);
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('sends returnTo to Checkout and this page (or portalReturnTo) to the portal', async () => {
    const api = server(subscribed());
    renderWithPlankit(<PricingTable returnTo="/success" />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: subscribed() },
    });
    await userEvent.click(within(plan('Starter')).getByRole('button', { name: 'Manage Starter' }));
    await waitFor(() => expect(api.callsTo('portal')).toHaveLength(1));
    expect(api.callsTo('portal')[0]?.body).toMatchObject({
      flow: 'homepage',
      returnTo: window.location.href,
    });
    const fresh = server();
    renderWithPlankit(<PricingTable returnTo="/success" portalReturnTo="/pricing" />, {
      fetch: fresh.fetch,
      initialData: { plans: catalog, subscription: noSubscription },
    });
    const starters = screen.getAllByRole('button', { name: 'Subscribe Starter' });
    await userEvent.click(starters[starters.length - 1]!);
    await waitFor(() => expect(fresh.callsTo('checkout')).toHaveLength(1));
    expect(fresh.callsTo('checkout')[0]?.body).toMatchObject({ plan: 'starter', returnTo: '/success' });
  });

  it('shows Current plan, Manage and Switch to a subscribed customer', async () => {
    const api = server(subscribed());
    const { container, navigate } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: subscribed() },
    });
    const starter = plan('Starter');
    expect(starter.getAttribute('data-state')).toBe('current');
    expect(within(starter).getByText('Current plan')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Subscribe / })).toBeNull();
    expect(within(plan('Pro')).getByRole('button', { name: 'Switch Pro' })).toBeTruthy();
    await expectNoAxeViolations(container);

    await userEvent.click(within(starter).getByRole('button', { name: 'Manage Starter' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal')[0]?.body).toMatchObject({ flow: 'homepage' });
    expect(api.callsTo('checkout')).toHaveLength(0);
  });

  it('opens the subscription_update_confirm deep link for Switch, or calls onSwitch', async () => {
    const api = server(subscribed());
    const switched: unknown[] = [];
    const first = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: subscribed() },
    });
    await userEvent.click(within(plan('Pro')).getByRole('button', { name: 'Switch Pro' }));
    await waitFor(() => expect(first.navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal')[0]?.body).toEqual({
      flow: 'subscription_update_confirm',
      subscription: 'sub_123',
      plan: 'pro',
      interval: 'month',
      addOns: [],
      locale: 'en',
      returnTo: window.location.href,
    });
    first.unmount();

    renderWithPlankit(<PricingTable onSwitch={(selection) => switched.push(selection)} />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: subscribed() },
    });
    await userEvent.click(within(plan('Team')).getByRole('button', { name: 'Switch Team' }));
    expect(switched).toEqual([{ plan: 'team', interval: 'month', quantity: 2, addOns: [] }]);
  });

  it('shows a neutral Loading… action, never Subscribe, until the subscription is known', async () => {
    const gate = deferred<{ body: unknown }>();
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => gate.promise,
      checkout: () => ({ body: { type: 'checkout', url: checkoutUrl, sessionId: 'cs_1' } }),
    });
    const { container } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      initialData: { plans: catalog },
    });
    const actions = screen.getAllByRole('button', { name: /^Loading… / });
    expect(actions).toHaveLength(catalog.plans.length);
    for (const action of actions) {
      expect(action.getAttribute('aria-disabled')).toBe('true');
      expect(action.getAttribute('data-state')).toBe('loading');
    }
    expect(screen.queryByRole('button', { name: /^Subscribe / })).toBeNull();
    // A trial offer is for new customers only: not shown before we know this is one.
    expect(screen.queryByText('14-day free trial')).toBeNull();
    await expectNoAxeViolations(container);
    await userEvent.click(within(plan('Pro')).getByRole('button', { name: 'Loading… Pro' }));
    expect(api.callsTo('checkout')).toHaveLength(0);

    gate.resolve({ body: subscribed() });
    expect(await within(plan('Starter')).findByRole('button', { name: 'Manage Starter' })).toBeTruthy();
    expect(within(plan('Pro')).getByRole('button', { name: 'Switch Pro' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Subscribe / })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Loading… / })).toBeNull();
  });

  it('hands a signed-out visitor’s Subscribe to onUnauthenticated instead of showing the error', async () => {
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ error: 'unauthenticated' }),
      checkout: () => ({ error: 'unauthenticated' }),
    });
    const visitors: unknown[] = [];
    const { navigate } = renderWithPlankit(
      <PricingTable onUnauthenticated={(selection) => visitors.push(selection)} />,
      { fetch: api.fetch, initialData: { plans: catalog } },
    );
    // The subscription query fails for a visitor: that counts as no subscription.
    await userEvent.click(await within(plan('Team')).findByRole('button', { name: 'Subscribe Team' }));
    await waitFor(() =>
      expect(visitors).toEqual([{ plan: 'team', interval: 'month', quantity: 2, addOns: [] }]),
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(
      within(plan('Team')).getByRole('button', { name: 'Subscribe Team' }).getAttribute('aria-disabled'),
    ).toBe(null);
    expect(navigate).not.toHaveBeenCalled();
  });

  it('shows the sign-in error for a 401 without onUnauthenticated', async () => {
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ error: 'unauthenticated' }),
      checkout: () => ({ error: 'unauthenticated' }),
    });
    renderWithPlankit(<PricingTable />, { fetch: api.fetch, initialData: { plans: catalog } });
    await userEvent.click(await within(plan('Pro')).findByRole('button', { name: 'Subscribe Pro' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Sign in to manage billing.');
  });

  it('renders on the server from initialData, in German, with euros', () => {
    const euros = {
      ...catalog,
      plans: catalog.plans.map((entry) => ({
        ...entry,
        prices: entry.prices.map((price) => ({ ...price, currency: 'eur' })),
      })),
    };
    const html = renderToString(
      <PlankitProvider
        locale="de"
        messages={de}
        fetch={() => Promise.reject(new Error('no requests during SSR'))}
        initialData={{ plans: euros, subscription: noSubscription }}
      >
        <PricingTable />
      </PlankitProvider>,
    );
    expect(html).toContain('29\u00a0€');
    expect(html).toContain('Abonnieren');
    expect(html).toContain('2 Plätze');
    expect(html).toContain('data-state="ready"');
  });

  it('shows server-rendered plans of another language at once, then the provider’s language from the server', async () => {
    const english = { ...catalog, locale: 'en' };
    const german = {
      ...catalog,
      locale: 'de',
      plans: catalog.plans.map((entry) => (entry.key === 'pro' ? { ...entry, name: 'Profi' } : entry)),
    };
    const api = fakeServer({
      plans: () => ({ body: german }),
      subscription: () => ({ body: noSubscription }),
    });
    renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      locale: 'de',
      messages: de,
      initialData: { plans: english, subscription: noSubscription },
    });
    // The first render keeps the HTML's plans (no loading flash) while the German texts are fetched.
    expect(screen.getByRole('heading', { name: 'Pro' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Profi' })).toBeTruthy();
    expect(api.callsTo('plans').map((call) => call.url)).toEqual(['/api/billing/plans?locale=de']);
  });

  it('keeps server-rendered plans of the provider’s language without asking again', async () => {
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ body: noSubscription }),
    });
    renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      locale: 'en-US',
      initialData: { plans: { ...catalog, locale: 'en' }, subscription: noSubscription },
    });
    expect(screen.getByRole('heading', { name: 'Pro' })).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.callsTo('plans')).toEqual([]);
  });
});
