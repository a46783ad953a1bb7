import { QueryClient } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer } from '../../test/fake-server';
import { catalog, subscribed } from '../../test/fixtures';
import { PricingTable } from '../components/pricing-table/pricing-table';
import { PlankitProvider } from '../provider';
import { useSubscription } from './use-subscription';

// QueryClients here keep TanStack's defaults (3 retries with backoff), as an app's would, unlike test/render.tsx.

const frames: { user: string | null; sub: string | undefined }[] = [];

/** Records what every render shows, so a single stale frame is caught. */
function Recorder({ user }: { user: string | null }) {
  const { data } = useSubscription();
  frames.push({ user, sub: data?.subscriptions[0]?.id });
  return <p>{data ? (data.subscriptions[0]?.id ?? 'none') : 'waiting'}</p>;
}

describe('retries', () => {
  it('never retries a 4xx: a signed-out visitor sees Subscribe after one 401', async () => {
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => ({ error: 'unauthenticated' }),
    });
    render(
      <PlankitProvider fetch={api.fetch} queryClient={new QueryClient()}>
        <PricingTable />
      </PlankitProvider>,
    );
    await waitFor(() =>
      expect(screen.getAllByRole('button', { name: /Subscribe/ }).length).toBeGreaterThan(0),
    );
    expect(api.callsTo('subscription')).toHaveLength(1);
    await new Promise((done) => setTimeout(done, 1_200)); // past TanStack's first retry delay (1 s)
    expect(api.callsTo('subscription')).toHaveLength(1);
  });

  it('still retries a network failure and 5xx answers', async () => {
    const answers = [
      { error: 'stripe_unavailable' as const },
      { status: 502, raw: '<html>Bad gateway</html>' },
    ];
    const api = fakeServer({ subscription: () => answers.shift() ?? { body: subscribed() } });
    let offline = true;
    const fetch: typeof api.fetch = (url, init) => {
      if (!offline) return api.fetch(url, init);
      offline = false;
      return Promise.reject(new TypeError('Failed to fetch'));
    };
    render(
      // TanStack's retry count, with a short delay so the test does not wait 1 + 2 + 4 s.
      <PlankitProvider
        fetch={fetch}
        queryClient={new QueryClient({ defaultOptions: { queries: { retryDelay: 10 } } })}
      >
        <Recorder user={null} />
      </PlankitProvider>,
    );
    await screen.findByText('sub_123');
    expect(api.callsTo('subscription')).toHaveLength(3);
  });

  it('keeps the app’s own retry setting for the rest', async () => {
    const api = fakeServer({ subscription: () => ({ error: 'stripe_unavailable' }) });
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <PlankitProvider fetch={api.fetch} queryClient={queryClient}>
        <Recorder user={null} />
      </PlankitProvider>,
    );
    await waitFor(() => expect(api.callsTo('subscription')).toHaveLength(1));
    await new Promise((done) => setTimeout(done, 1_200));
    expect(api.callsTo('subscription')).toHaveLength(1);
  });
});

describe('per-user query keys', () => {
  it('signing out and in as someone else never shows the previous user’s subscription, even for a frame', async () => {
    let signedIn: string | null = 'alice';
    const api = fakeServer({
      subscription: () =>
        signedIn === 'alice'
          ? { body: subscribed({ id: 'sub_alice', planKey: 'pro' }) }
          : signedIn === 'bob'
            ? { body: subscribed({ id: 'sub_bob', planKey: 'team', quantity: 3 }) }
            : { error: 'unauthenticated' },
    });
    frames.length = 0;
    const queryClient = new QueryClient();
    // Alice's page was server rendered with her subscription.
    const initialData = { subscription: subscribed({ id: 'sub_alice', planKey: 'pro' }) };
    const app = (user: string | null) => (
      <PlankitProvider fetch={api.fetch} queryClient={queryClient} userKey={user} initialData={initialData}>
        <Recorder user={user} />
      </PlankitProvider>
    );
    const { rerender } = render(app('alice'));
    expect(screen.getByText('sub_alice')).toBeTruthy();
    signedIn = null;
    rerender(app(null));
    await waitFor(() => expect(api.callsTo('subscription').length).toBeGreaterThan(0));
    signedIn = 'bob';
    rerender(app('bob'));
    await screen.findByText('sub_bob');
    expect(frames.filter((frame) => frame.user !== 'alice').map((frame) => frame.sub)).not.toContain(
      'sub_alice',
    );
    expect(frames.some((frame) => frame.user === 'bob' && frame.sub === 'sub_bob')).toBe(true);
  });

  it('initialData counts for the first user only: a later user starts from their own request', async () => {
    const api = fakeServer({ subscription: () => ({ body: subscribed({ id: 'sub_bob' }) }) });
    const queryClient = new QueryClient();
    const app = (user: string) => (
      <PlankitProvider
        fetch={api.fetch}
        queryClient={queryClient}
        userKey={user}
        initialData={{ subscription: subscribed({ id: 'sub_alice' }) }}
      >
        <Recorder user={user} />
      </PlankitProvider>
    );
    frames.length = 0;
    const { rerender } = render(app('alice'));
    expect(api.callsTo('subscription')).toHaveLength(0);
    rerender(app('bob'));
    await screen.findByText('sub_bob');
    expect(frames.filter((frame) => frame.user === 'bob').map((frame) => frame.sub)).not.toContain(
      'sub_alice',
    );
  });
});
