import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { deferred, fakeServer } from '../../../test/fake-server';
import { noSubscription, subscribed } from '../../../test/fixtures';
import { expectNoAxeViolations, renderWithPlankit } from '../../../test/render';
import { PastDueBanner } from '../past-due-banner/past-due-banner';
import { ManageSubscriptionButton, UpdatePaymentMethodButton } from './manage-subscription-button';

const portalUrl = 'https://billing.stripe.test/p/session_3';

describe('ManageSubscriptionButton', () => {
  it('opens the portal homepage with a pending state, once', async () => {
    const gate = deferred<{ body: unknown }>();
    const api = fakeServer({ subscription: () => ({ body: subscribed() }), portal: () => gate.promise });
    const { container, navigate } = renderWithPlankit(<ManageSubscriptionButton returnTo="/account" />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed() },
    });
    await expectNoAxeViolations(container);
    await userEvent.dblClick(screen.getByRole('button', { name: 'Manage' }));
    const pending = await screen.findByRole('button', { name: 'Redirecting…' });
    expect(pending.getAttribute('aria-disabled')).toBe('true');
    await expectNoAxeViolations(container);
    gate.resolve({ body: { type: 'portal', url: portalUrl } });
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal').map((call) => call.body)).toEqual([
      { flow: 'homepage', returnTo: '/account', locale: 'en' },
    ]);
  });

  it('is usable again when the browser restores the page from its back/forward cache', async () => {
    const api = fakeServer({
      subscription: () => ({ body: subscribed() }),
      portal: () => ({ body: { type: 'portal', url: portalUrl } }),
    });
    const { navigate } = renderWithPlankit(<ManageSubscriptionButton />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed() },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Manage' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(screen.getByRole('button', { name: 'Redirecting…' })).toBeTruthy();
    // Back from Stripe's page: the page comes back from the bfcache with its React state.
    act(() => {
      window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
    });
    const button = await screen.findByRole('button', { name: 'Manage' });
    expect(button.getAttribute('aria-disabled')).toBeNull();
    await userEvent.click(button);
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(2));
  });

  it.each([
    ['de-AT', 'de-AT'],
    ['zh-tw', 'zh-TW'],
    ['zh-Hant-TW', 'zh'],
    ['he', 'he'],
    ['english', undefined],
  ])(
    'sends the locale in the form the server accepts; the server maps it to Stripe (%s -> %s)',
    async (locale, expected) => {
      const api = fakeServer({
        subscription: () => ({ body: subscribed() }),
        portal: () => ({ body: { type: 'portal', url: portalUrl } }),
      });
      const { navigate } = renderWithPlankit(<ManageSubscriptionButton>Billing</ManageSubscriptionButton>, {
        fetch: api.fetch,
        locale,
        initialData: { subscription: subscribed() },
      });
      await userEvent.click(screen.getByRole('button', { name: 'Billing' }));
      await waitFor(() => expect(navigate).toHaveBeenCalled());
      expect((api.callsTo('portal')[0]?.body as { locale?: string } | undefined)?.locale).toBe(expected);
    },
  );

  it('waits for the subscription before opening a flow on it, instead of falling back to the homepage', async () => {
    const gate = deferred<{ body: unknown }>();
    const api = fakeServer({
      subscription: () => gate.promise,
      portal: () => ({ body: { type: 'portal', url: portalUrl } }),
    });
    const { navigate } = renderWithPlankit(
      <ManageSubscriptionButton flow="subscription_cancel">Cancel plan</ManageSubscriptionButton>,
      { fetch: api.fetch },
    );
    const button = screen.getByRole('button', { name: 'Cancel plan' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(button);
    expect(api.callsTo('portal')).toHaveLength(0);
    gate.resolve({ body: subscribed() });
    await waitFor(() => expect(button.getAttribute('aria-disabled')).toBeNull());
    await userEvent.click(button);
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal')[0]?.body).toMatchObject({
      flow: 'subscription_cancel',
      subscription: 'sub_123',
    });
  });

  it('deep-links a flow on the current subscription and shows errors', async () => {
    const api = fakeServer({
      subscription: () => ({ body: subscribed() }),
      portal: () => ({ error: 'feature_disabled' }),
    });
    const { container } = renderWithPlankit(
      <ManageSubscriptionButton flow="subscription_cancel" afterCompletion={{ type: 'portal_homepage' }}>
        Cancel plan
      </ManageSubscriptionButton>,
      { fetch: api.fetch, initialData: { subscription: subscribed() } },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel plan' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This billing feature is not enabled.');
    expect(api.callsTo('portal')[0]?.body).toEqual({
      flow: 'subscription_cancel',
      subscription: 'sub_123',
      afterCompletion: { type: 'portal_homepage' },
      locale: 'en',
    });
    await expectNoAxeViolations(container);
  });
});

describe('UpdatePaymentMethodButton and PastDueBanner', () => {
  it('shows the banner for past_due and unpaid only, linking to payment_method_update', async () => {
    const api = fakeServer({
      subscription: () => ({ body: subscribed({ status: 'past_due' }) }),
      portal: () => ({ body: { type: 'portal', url: portalUrl } }),
    });
    const { container, navigate } = renderWithPlankit(<PastDueBanner returnTo="https://app.test/billing" />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed({ status: 'past_due' }) },
    });
    // Named briefly (not by its whole sentence), inside a live region that was there before it.
    const banner = screen.getByRole('region', { name: 'Payment issue' });
    expect(banner.getAttribute('data-state')).toBe('past_due');
    expect(banner.textContent).toContain('Your last payment failed');
    expect(banner.parentElement?.getAttribute('aria-live')).toBe('polite');
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Update payment method' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('portal')[0]?.body).toEqual({
      flow: 'payment_method_update',
      returnTo: 'https://app.test/billing',
      afterCompletion: { type: 'redirect', returnTo: 'https://app.test/billing' },
      locale: 'en',
    });
  });

  it('words the unpaid banner differently and hides for healthy or missing subscriptions', () => {
    const api = fakeServer({});
    const unpaid = renderWithPlankit(<PastDueBanner />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed({ status: 'unpaid' }) },
    });
    expect(screen.getByText(/Your subscription is unpaid/)).toBeTruthy();
    unpaid.unmount();
    for (const subscription of [subscribed(), noSubscription]) {
      const { container, unmount } = renderWithPlankit(<PastDueBanner />, {
        fetch: api.fetch,
        initialData: { subscription },
      });
      // Only the empty live region that will announce a banner when one appears.
      expect(container.textContent).toBe('');
      expect(screen.queryByRole('region')).toBeNull();
      expect(container.querySelector('[aria-live="polite"]')).not.toBeNull();
      unmount();
    }
  });

  it('UpdatePaymentMethodButton works without a subscription', async () => {
    const api = fakeServer({
      subscription: () => ({ body: noSubscription }),
      portal: () => ({ body: { type: 'portal', url: portalUrl } }),
    });
    renderWithPlankit(<UpdatePaymentMethodButton />, {
      fetch: api.fetch,
      initialData: { subscription: noSubscription },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Update payment method' }));
    await waitFor(() =>
      expect(api.callsTo('portal')[0]?.body).toMatchObject({ flow: 'payment_method_update' }),
    );
  });
});
