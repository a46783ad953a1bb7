import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { render, renderHook, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeServer } from '../test/fake-server';
import { catalog, noSubscription } from '../test/fixtures';
import { createPlankitClient } from './client';
import { ManageSubscriptionButton } from './components/manage-subscription-button/manage-subscription-button';
import { PricingTable } from './components/pricing-table/pricing-table';
import { plansQueryOptions } from './hooks/query-options';
import { PlankitProvider, usePlankit } from './provider';

afterEach(() => vi.unstubAllGlobals());

const seen: { client?: QueryClient } = {};
function Probe() {
  seen.client = useQueryClient();
  return null;
}

describe('PlankitProvider', () => {
  it('keeps working when the queryClient prop is dropped and no client is above it', () => {
    const api = fakeServer({ subscription: () => ({ body: noSubscription }) });
    const given = new QueryClient();
    const { rerender } = render(
      <PlankitProvider fetch={api.fetch} queryClient={given}>
        <Probe />
      </PlankitProvider>,
    );
    expect(seen.client).toBe(given);
    rerender(
      <PlankitProvider fetch={api.fetch}>
        <Probe />
      </PlankitProvider>,
    );
    expect(seen.client).toBeInstanceOf(QueryClient);
  });

  it('uses the app’s QueryClient when one is above it', async () => {
    const app = new QueryClient();
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ body: noSubscription }),
    });
    render(
      <QueryClientProvider client={app}>
        <PlankitProvider fetch={api.fetch}>
          <Probe />
          <PricingTable />
        </PlankitProvider>
      </QueryClientProvider>,
    );
    expect(seen.client).toBe(app);
    await screen.findByRole('heading', { name: 'Pro' });
    const { queryKey } = plansQueryOptions(createPlankitClient({ fetch: api.fetch }), 'en');
    expect(app.getQueryData(queryKey)).toEqual(catalog);
  });

  it('creates its own QueryClient when there is none', () => {
    const { result } = renderHook(() => useQueryClient(), {
      wrapper: ({ children }: { children: ReactNode }) => <PlankitProvider>{children}</PlankitProvider>,
    });
    expect(result.current).toBeInstanceOf(QueryClient);
  });

  it('navigates with window.location.assign by default, looked up at call time', async () => {
    const api = fakeServer({
      subscription: () => ({ body: noSubscription }),
      portal: () => ({ body: { type: 'portal', url: 'https://billing.stripe.test/p/1' } }),
    });
    render(
      <PlankitProvider fetch={api.fetch} initialData={{ subscription: noSubscription }}>
        <ManageSubscriptionButton />
      </PlankitProvider>,
    );
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    await userEvent.click(screen.getByRole('button', { name: 'Manage' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://billing.stripe.test/p/1'));
  });

  it('applies theme and unstyled on the root part', () => {
    const api = fakeServer({});
    const { container, rerender } = render(
      <PlankitProvider fetch={api.fetch} theme="dark" initialData={{ subscription: noSubscription }}>
        <ManageSubscriptionButton />
      </PlankitProvider>,
    );
    const root = () => container.querySelector('[data-plankit-part="manage-subscription"]');
    expect(root()?.className).toBe('plankit');
    expect(root()?.getAttribute('data-theme')).toBe('dark');
    rerender(
      <PlankitProvider fetch={api.fetch} unstyled initialData={{ subscription: noSubscription }}>
        <ManageSubscriptionButton />
      </PlankitProvider>,
    );
    expect(root()?.hasAttribute('class')).toBe(false);
    expect(root()?.hasAttribute('data-theme')).toBe(false);
  });

  it('refuses hooks outside the provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => usePlankit())).toThrow(/inside <PlankitProvider>/);
  });
});
