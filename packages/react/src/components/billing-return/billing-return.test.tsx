import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { deferred, type FakeAnswer, fakeServer } from '../../../test/fake-server';
import { catalog, noSubscription, periodEnd, subscribed } from '../../../test/fixtures';
import { expectNoAxeViolations, renderWithPlankit } from '../../../test/render';
import { subscriptionQueryOptions } from '../../hooks/query-options';
import { currentSubscription, useSubscription } from '../../hooks/use-subscription';
import { de } from '../../i18n/de';
import { BillingReturn } from './billing-return';

const pro = () =>
  subscribed({
    planKey: 'pro',
    items: [{ id: 'si_1', kind: 'plan', key: 'pro', quantity: 1, unitAmount: 2900 }],
  });

/** A sync route that answers from a list, then repeats the last answer; records when each call came. */
function scripted(...answers: FakeAnswer[]) {
  const times: number[] = [];
  const route = () => {
    times.push(Date.now());
    return answers[Math.min(times.length, answers.length) - 1] as FakeAnswer;
  };
  return { route, times };
}

const root = (container: HTMLElement) =>
  container.querySelector('[data-plankit-part="billing-return"]') as HTMLElement;

/** What another component on the page shows: the cached subscription's plan. */
function Probe() {
  const plan = currentSubscription(useSubscription().data)?.planKey ?? 'none';
  return <p data-testid="probe">{plan}</p>;
}

describe('BillingReturn after Checkout', () => {
  it('shows "Activating your subscription…" while it polls POST /sync, then the plan, price and next invoice', async () => {
    const sync = scripted({ body: noSubscription }, { body: noSubscription }, { body: pro() });
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: sync.route });
    const { container } = renderWithPlankit(<BillingReturn from="checkout" continueTo="/account" />, {
      fetch: api.fetch,
      timeZone: 'UTC',
    });
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Activating your subscription…');
    expect(root(container).getAttribute('data-state')).toBe('activating');
    expect(root(container).getAttribute('aria-busy')).toBe('true');
    expect(container.querySelector('[data-plankit-part="spinner"]')?.getAttribute('aria-hidden')).toBe(
      'true',
    );
    await expectNoAxeViolations(container);

    const heading = await screen.findByRole(
      'heading',
      { name: 'Your subscription is active' },
      { timeout: 5000 },
    );
    expect(root(container).getAttribute('data-state')).toBe('done');
    expect(root(container).getAttribute('aria-busy')).toBe('false');
    const rows = [...container.querySelectorAll('[data-plankit-part="summary-row"]')].map((row) => [
      row.getAttribute('data-state'),
      row.querySelector('dt')?.textContent,
      row.querySelector('dd')?.textContent,
    ]);
    expect(rows).toEqual([
      ['plan', 'Plan', 'Pro (Monthly)'],
      ['price', 'Price', '$29 / month'],
      ['next-invoice', 'Next invoice', 'August 1, 2026'],
    ]);
    expect(screen.getByRole('link', { name: 'Continue' }).getAttribute('href')).toBe('/account');
    // StrictMode mounts twice, yet one request per poll; and no GET /subscription beside them.
    expect(api.callsTo('sync')).toHaveLength(3);
    expect(api.callsTo('sync').map((call) => call.body)).toEqual([{}, {}, {}]);
    expect(api.callsTo('subscription')).toHaveLength(0);
    // Backoff: 0.5 s, then 1 s.
    expect(sync.times[1]! - sync.times[0]!).toBeGreaterThanOrEqual(450);
    expect(sync.times[2]! - sync.times[1]!).toBeGreaterThanOrEqual(950);
    // A page that just loaded keeps its focus; Stripe's ids are never shown.
    expect(document.activeElement).not.toBe(heading);
    expect(container.textContent).not.toMatch(/cs_|sub_|cus_/);
    await expectNoAxeViolations(container);
  });

  it('writes the answer into the subscription cache: the rest of the page updates without a GET', async () => {
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: () => ({ body: pro() }) });
    const { queryClient } = renderWithPlankit(
      <>
        <Probe />
        <BillingReturn from="checkout" />
      </>,
      { fetch: api.fetch, initialData: { subscription: noSubscription } },
    );
    expect(screen.getByTestId('probe').textContent).toBe('none');
    await waitFor(() => expect(screen.getByTestId('probe').textContent).toBe('pro'));
    expect(api.callsTo('subscription')).toHaveLength(0);
    const key = subscriptionQueryOptions({ basePath: '/api/billing', userKey: null } as never).queryKey;
    expect(queryClient.getQueryData(key)).toEqual(pro());
  });

  it('drops a GET that started before the sync, so its older answer never overwrites the new state', async () => {
    const stale = deferred<FakeAnswer>();
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      subscription: () => stale.promise,
      sync: () => ({ body: pro() }),
    });
    renderWithPlankit(
      <>
        <Probe />
        <BillingReturn from="checkout" />
      </>,
      { fetch: api.fetch },
    );
    await screen.findByRole('heading', { name: 'Your subscription is active' });
    expect(screen.getByTestId('probe').textContent).toBe('pro');
    await act(async () => {
      stale.resolve({ body: noSubscription });
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(api.callsTo('subscription').length).toBeGreaterThan(0);
    expect(screen.getByTestId('probe').textContent).toBe('pro');
  });

  it('honours Retry-After on a 429 and keeps activating meanwhile', async () => {
    const sync = scripted({ error: 'rate_limited', headers: { 'retry-after': '1' } }, { body: pro() });
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: sync.route });
    const { container } = renderWithPlankit(<BillingReturn from="checkout" />, { fetch: api.fetch });
    await waitFor(() => expect(sync.times).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 600));
    // Past the 0.5 s backoff, before the server's 1 s: no second call, no error shown.
    expect(sync.times).toHaveLength(1);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(root(container).getAttribute('data-state')).toBe('activating');
    await screen.findByRole('heading', { name: 'Your subscription is active' }, { timeout: 3000 });
    expect(sync.times[1]! - sync.times[0]!).toBeGreaterThanOrEqual(990);
  });

  it('says plainly that the subscription is still processing after the deadline, and checks again on request', async () => {
    let answer: FakeAnswer = { body: noSubscription };
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: () => answer });
    const { container } = renderWithPlankit(
      <BillingReturn from="checkout" timeoutMs={1200}>
        {(result) => <a href="/account">Account ({result.status})</a>}
      </BillingReturn>,
      { fetch: api.fetch },
    );
    const check = await screen.findByRole('button', { name: 'Check again' }, { timeout: 3000 });
    expect(root(container).getAttribute('data-state')).toBe('delayed');
    expect(root(container).getAttribute('aria-busy')).toBe('false');
    expect(screen.getByRole('status').textContent).toBe(
      'Your subscription is still being processed. This can take a few minutes: check again shortly.',
    );
    expect(screen.getByRole('link', { name: 'Account (delayed)' })).toBeTruthy();
    const calls = api.callsTo('sync').length;
    expect(calls).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    // Stopped polling at the deadline.
    expect(api.callsTo('sync')).toHaveLength(calls);
    await expectNoAxeViolations(container);

    answer = { body: pro() };
    await userEvent.click(check);
    const heading = await screen.findByRole('heading', { name: 'Your subscription is active' });
    // The button that had focus is gone: focus moves to the result's heading, not to the page.
    expect(document.activeElement).toBe(heading);
    expect(screen.getByRole('link', { name: 'Account (done)' })).toBeTruthy();
  });

  it('keeps the retry button, disabled, while the check it started runs', async () => {
    const gate = deferred<FakeAnswer>();
    let calls = 0;
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      sync: () => (++calls === 1 ? { error: 'unauthenticated' } : gate.promise),
    });
    renderWithPlankit(<BillingReturn from="checkout" />, { fetch: api.fetch });
    const retry = await screen.findByRole('button', { name: 'Try again' });
    await userEvent.click(retry);
    await waitFor(() => expect(retry.getAttribute('aria-disabled')).toBe('true'));
    expect(document.activeElement).toBe(retry);
    await userEvent.click(retry);
    gate.resolve({ body: pro() });
    await screen.findByRole('heading', { name: 'Your subscription is active' });
    expect(calls).toBe(2);
  });

  it('stops at an error that waiting does not fix and offers to try again', async () => {
    let answer: FakeAnswer = { error: 'unauthenticated' };
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: () => answer });
    const { container } = renderWithPlankit(<BillingReturn from="checkout" />, { fetch: api.fetch });
    expect((await screen.findByRole('alert')).textContent).toBe('Sign in to manage billing.');
    expect(root(container).getAttribute('data-state')).toBe('error');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(api.callsTo('sync')).toHaveLength(1);
    await expectNoAxeViolations(container);
    answer = { body: pro() };
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await screen.findByRole('heading', { name: 'Your subscription is active' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('retries Stripe outages until the deadline, then shows the error', async () => {
    const api = fakeServer({
      plans: () => ({ body: catalog }),
      sync: () => ({ error: 'stripe_unavailable' }),
    });
    renderWithPlankit(<BillingReturn from="checkout" timeoutMs={1000} />, { fetch: api.fetch });
    expect((await screen.findByRole('alert', {}, { timeout: 3000 })).textContent).toBe(
      'Billing is temporarily unavailable. Try again shortly.',
    );
    expect(api.callsTo('sync').length).toBeGreaterThanOrEqual(2);
  });

  it('shows a trial with its end date, and seats at the price per seat', async () => {
    const trial = subscribed({
      planKey: 'team',
      status: 'trialing',
      quantity: 3,
      trialEnd: '2026-06-15T00:00:00.000Z',
      items: [{ id: 'si_1', kind: 'plan', key: 'team', quantity: 3, unitAmount: 1200 }],
    });
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: () => ({ body: trial }) });
    const { container } = renderWithPlankit(<BillingReturn from="checkout" />, {
      fetch: api.fetch,
      timeZone: 'UTC',
    });
    await screen.findByRole('heading', { name: 'Your free trial has started' });
    await waitFor(() => expect(container.textContent).toContain('Team (Monthly)'));
    expect(container.textContent).toContain('$36 / month');
    expect(container.textContent).toContain('3 seats');
    expect(container.textContent).toContain('Trial endsJune 15, 2026');
  });

  it('speaks the provider’s language, with dates and money through Intl', async () => {
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: () => ({ body: pro() }) });
    renderWithPlankit(<BillingReturn from="checkout" />, {
      fetch: api.fetch,
      locale: 'de',
      messages: de,
      timeZone: 'UTC',
    });
    expect(screen.getByRole('status').textContent).toBe('Ihr Abonnement wird aktiviert…');
    await screen.findByRole('heading', { name: 'Ihr Abonnement ist aktiv' });
    await waitFor(() => expect(screen.getByText('Pro (Monatlich)')).toBeTruthy());
    expect(screen.getByText('1. August 2026')).toBeTruthy();
  });
});

describe('BillingReturn after the portal', () => {
  it('syncs once and shows the updated state, even when it is not active', async () => {
    const canceling = subscribed({ cancelAtPeriodEnd: true, cancelAt: periodEnd });
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: () => ({ body: canceling }) });
    const { container } = renderWithPlankit(<BillingReturn from="portal" />, {
      fetch: api.fetch,
      timeZone: 'UTC',
    });
    expect(screen.getByRole('status').textContent).toBe('Updating your billing details…');
    expect(root(container).getAttribute('data-state')).toBe('syncing');
    await screen.findByRole('heading', { name: 'Your billing details are up to date' });
    expect(container.textContent).toContain('EndsAugust 1, 2026');
    expect(container.textContent).not.toContain('Next invoice');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(api.callsTo('sync')).toHaveLength(1);
    await expectNoAxeViolations(container);
  });

  it('says so when the portal left no subscription', async () => {
    const api = fakeServer({ plans: () => ({ body: catalog }), sync: () => ({ body: noSubscription }) });
    renderWithPlankit(<BillingReturn from="portal" />, { fetch: api.fetch });
    expect((await screen.findByText('You have no active subscription.')).getAttribute('data-state')).toBe(
      'none',
    );
    expect(api.callsTo('sync')).toHaveLength(1);
  });
});
