import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer } from '../../../test/fake-server';
import { catalog, subscribed } from '../../../test/fixtures';
import { expectNoAxeViolations, renderWithPlankit } from '../../../test/render';
import { de } from '../../i18n/de';
import { PricingTable } from './pricing-table';

function plan(name: string) {
  return screen.getByRole('listitem', { name });
}

describe('PricingTable states', () => {
  it('says a scheduled cancellation plainly and offers no Switch while it stands', async () => {
    const canceling = subscribed({ cancelAtPeriodEnd: true, currentPeriodEnd: '2027-01-01T00:00:00.000Z' });
    const api = fakeServer({ plans: () => ({ body: catalog }), subscription: () => ({ body: canceling }) });
    const { container } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      timeZone: 'UTC',
      initialData: { plans: catalog, subscription: canceling },
    });
    const starter = plan('Starter');
    expect(starter.getAttribute('data-state')).toBe('canceling');
    const badge = within(starter).getByText('Cancels on January 1, 2027');
    expect(badge.getAttribute('data-state')).toBe('canceling');
    expect(within(starter).queryByText('Current plan')).toBeNull();
    expect(within(plan('Pro')).getByRole('button', { name: 'Manage Pro' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Switch/ })).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('keeps one badges row per card, and shows Most popular only where it is not the current plan', () => {
    const onPro = subscribed({ planKey: 'pro', items: [] });
    const api = fakeServer({ plans: () => ({ body: catalog }), subscription: () => ({ body: onPro }) });
    const { container } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      initialData: { plans: catalog, subscription: onPro },
    });
    expect(
      container.querySelectorAll('[data-plankit-part="plan"] > [data-plankit-part="badges"]'),
    ).toHaveLength(catalog.plans.length);
    const pro = plan('Pro');
    expect(pro.getAttribute('data-state')).toBe('current');
    expect(within(pro).queryByText('Most popular')).toBeNull();
    expect(within(pro).getByText('Current plan')).toBeTruthy();
  });

  it("asks for the kit's locale and marks plan texts that fell back to another language", async () => {
    const english = { ...catalog, locale: 'en' };
    const api = fakeServer({
      plans: () => ({ body: english }),
      subscription: () => ({ body: { subscriptions: [] } }),
    });
    const { container } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      locale: 'de-AT',
      messages: de,
    });
    await screen.findByRole('heading', { name: 'Pro' });
    expect(api.callsTo('plans')[0]?.url).toBe('/api/billing/plans?locale=de-AT');
    expect(within(plan('Pro')).getByRole('heading').getAttribute('lang')).toBe('en');
    expect(container.querySelector('[data-plankit-part="feature"]')?.getAttribute('lang')).toBe('en');
    // The kit's own texts stay in German and carry no lang of their own.
    expect(
      within(plan('Pro')).getByRole('button', { name: 'Abonnieren Pro' }).getAttribute('lang'),
    ).toBeNull();
  });

  it('marks nothing when the catalog answers in the kit’s language', async () => {
    const german = { ...catalog, locale: 'de' };
    const api = fakeServer({
      plans: () => ({ body: german }),
      subscription: () => ({ body: { subscriptions: [] } }),
    });
    const { container } = renderWithPlankit(<PricingTable />, {
      fetch: api.fetch,
      locale: 'de',
      messages: de,
    });
    await screen.findByRole('heading', { name: 'Pro' });
    await waitFor(() => expect(container.querySelector('[data-plankit-part="plans"] [lang]')).toBeNull());
  });
});
