import { cancellationReasons } from '@plankit/core';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { type FakeRoute, fakeServer } from '../../../test/fake-server';
import { periodEnd, subscribed, summary } from '../../../test/fixtures';
import { expectNoAxeViolations, renderWithPlankit } from '../../../test/render';
import { en } from '../../i18n/en';
import { CancelWithReason } from './cancel-with-reason';

const offer = {
  name: '25% off for 3 months',
  percentOff: 25,
  amountOff: null,
  currency: null,
  duration: 'repeating',
  durationInMonths: 3,
};

function server(cancel: FakeRoute, offerAvailable = false) {
  let state = subscribed({ retentionOfferAvailable: offerAvailable });
  return fakeServer({
    subscription: () => ({ body: state }),
    cancel: async (body) => {
      const answer = await cancel(body);
      if ('body' in answer && (answer.body as { type: string }).type === 'canceled') {
        state = {
          subscriptions: [(answer.body as { subscription: (typeof state.subscriptions)[0] }).subscription],
        };
      }
      return answer;
    },
    retentionAccept: () => ({
      body: { type: 'retained', subscription: summary({ retentionOfferAvailable: false }) },
    }),
    resume: () => {
      state = subscribed();
      return { body: { type: 'resumed', subscription: summary() } };
    },
  });
}

const scheduled = summary({ cancelAtPeriodEnd: true, cancelAt: periodEnd });

async function chooseReason(name: string) {
  await userEvent.click(screen.getByRole('radio', { name }));
  await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
}

describe('CancelWithReason', () => {
  it('lists the eight reasons in Stripe’s order and reveals a text field for Other', async () => {
    const api = server(() => ({ body: { type: 'canceled', subscription: scheduled } }));
    const { container } = renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed() },
    });
    const group = screen.getByRole('radiogroup', { name: 'Why are you canceling?' });
    const labels = [...group.querySelectorAll('label')].map((label) => label.textContent?.trim());
    expect(labels).toEqual(cancellationReasons.map((reason) => en[`reason_${reason}`]));
    expect(screen.queryByLabelText('Tell us more')).toBeNull();
    await expectNoAxeViolations(container);

    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(screen.getByRole('alert').textContent).toBe('Choose a reason to continue.');
    await expectNoAxeViolations(container);

    await userEvent.click(screen.getByRole('radio', { name: 'Other reason' }));
    await userEvent.type(screen.getByLabelText('Tell us more'), 'Moving abroad');
    await userEvent.type(screen.getByLabelText(/Anything else/), 'Thanks');
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));

    // No offer available: confirmation first, then the server cancels at period end.
    expect(await screen.findByRole('heading', { name: 'Confirm cancellation' })).toBe(document.activeElement);
    expect(screen.getByText('Your subscription stays active until August 1, 2026.')).toBeTruthy();
    expect(api.callsTo('cancel')).toHaveLength(0);
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel subscription' }));
    expect(await screen.findByRole('heading', { name: 'Cancels on August 1, 2026' })).toBeTruthy();
    expect(api.callsTo('cancel')[0]?.body).toEqual({
      subscription: 'sub_123',
      reason: 'other',
      comment: 'Moving abroad\nThanks',
    });
    await expectNoAxeViolations(container);
  });

  it('shows the retention offer and keeps the plan when it is accepted', async () => {
    const api = server(() => ({ body: { type: 'retention_offer', offer } }), true);
    const { container } = renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed({ retentionOfferAvailable: true }) },
    });
    await chooseReason('It’s too expensive');
    expect(await screen.findByText('Stay and get 25% off for 3 months.')).toBeTruthy();
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Accept offer' }));
    expect((await screen.findByRole('status')).textContent).toBe(
      'The discount is applied. Thank you for staying!',
    );
    expect(api.callsTo('retentionAccept')[0]?.body).toEqual({ subscription: 'sub_123' });
    await expectNoAxeViolations(container);
  });

  it('cancels with declineOffer when the offer is declined, through the portal deep link', async () => {
    const portalUrl = 'https://billing.stripe.test/p/cancel';
    const api = server(
      (body) =>
        (body as { declineOffer?: boolean }).declineOffer
          ? { body: { type: 'portal', url: portalUrl } }
          : { body: { type: 'retention_offer', offer } },
      true,
    );
    const { navigate } = renderWithPlankit(<CancelWithReason mode="portal" />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed({ retentionOfferAvailable: true }) },
    });
    await chooseReason('I no longer need it');
    await userEvent.click(await screen.findByRole('button', { name: 'No thanks, cancel' }));
    await userEvent.dblClick(screen.getByRole('button', { name: 'Cancel subscription' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    expect(api.callsTo('cancel').map((call) => call.body)).toEqual([
      { subscription: 'sub_123', reason: 'unused', mode: 'portal' },
      { subscription: 'sub_123', reason: 'unused', mode: 'portal', declineOffer: true },
    ]);
  });

  it('does not claim a declined offer on a later cancellation that was offered none', async () => {
    const api = server(
      (body) =>
        (body as { declineOffer?: boolean }).declineOffer || api.callsTo('resume').length > 0
          ? { body: { type: 'canceled', subscription: scheduled } }
          : { body: { type: 'retention_offer', offer } },
      true,
    );
    renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed({ retentionOfferAvailable: true }) },
    });
    await chooseReason('I no longer need it');
    await userEvent.click(await screen.findByRole('button', { name: 'No thanks, cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel subscription' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Resume subscription' }));
    // Resumed without an offer available: the next cancellation goes reason -> confirm, no offer shown.
    await screen.findByRole('heading', { name: 'Cancel subscription' });
    await chooseReason('It’s too expensive');
    await userEvent.click(await screen.findByRole('button', { name: 'Cancel subscription' }));
    await screen.findByRole('heading', { name: 'Cancels on August 1, 2026' });
    expect(api.callsTo('cancel').at(-1)?.body).toEqual({ subscription: 'sub_123', reason: 'too_expensive' });
  });

  it('does not promise access until the period end when cancelling immediately', async () => {
    const api = server(() => ({ body: { type: 'canceled', subscription: summary({ status: 'canceled' }) } }));
    renderWithPlankit(<CancelWithReason mode="immediately" />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed() },
    });
    await chooseReason('I no longer need it');
    await screen.findByRole('heading', { name: 'Confirm cancellation' });
    expect(screen.queryByText(/stays active until/)).toBeNull();
  });

  it('stays pending after the reason step sends the customer to the portal', async () => {
    const portalUrl = 'https://billing.stripe.test/p/cancel';
    const api = server(() => ({ body: { type: 'portal', url: portalUrl } }), true);
    const { navigate } = renderWithPlankit(<CancelWithReason mode="portal" />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed({ retentionOfferAvailable: true }) },
    });
    await chooseReason('I no longer need it');
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(portalUrl));
    // The browser is leaving for Stripe's page: another click must not open a second portal session.
    const button = screen.getByRole('button', { name: 'Continue' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    await userEvent.click(button);
    expect(api.callsTo('cancel')).toHaveLength(1);
  });

  it('resumes a scheduled cancellation', async () => {
    const api = server(() => ({ error: 'internal_error' }));
    const { container } = renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: { subscriptions: [scheduled] } },
    });
    expect(screen.getByRole('heading', { name: 'Cancels on August 1, 2026' })).toBeTruthy();
    await expectNoAxeViolations(container);
    await userEvent.click(screen.getByRole('button', { name: 'Resume subscription' }));
    expect(await screen.findByRole('heading', { name: 'Cancel subscription' })).toBeTruthy();
    expect(api.callsTo('resume')).toHaveLength(1);
  });

  it('shows a localized server error', async () => {
    const api = server(() => ({ error: 'subscription_not_active' }));
    renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed() },
    });
    await chooseReason('Quality was less than expected');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel subscription' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That subscription cannot be changed in its current state.',
    );
  });

  it('leaves focus alone on mount under StrictMode, then moves it to each new step', async () => {
    const api = server(() => ({ body: { type: 'canceled', subscription: scheduled } }));
    // StrictMode runs mount effects twice; a "first run" flag would survive that and focus (and scroll to)
    // the heading as if the step had changed.
    renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: subscribed() },
      strict: true,
    });
    const heading = screen.getByRole('heading', { name: 'Cancel subscription' });
    expect(document.activeElement).not.toBe(heading);
    expect(document.activeElement).toBe(document.body);
    await chooseReason('It’s too expensive');
    expect(await screen.findByRole('heading', { name: 'Confirm cancellation' })).toBe(document.activeElement);
  });

  it('leaves focus alone when a scheduled cancellation is shown on mount', () => {
    const api = server(() => ({ error: 'internal_error' }));
    renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: { subscriptions: [scheduled] } },
    });
    expect(screen.getByRole('heading', { name: 'Cancels on August 1, 2026' })).not.toBe(
      document.activeElement,
    );
    expect(document.activeElement).toBe(document.body);
  });

  it('leaves focus alone when the subscription arrives after mount', async () => {
    const api = fakeServer({ subscription: () => ({ body: { subscriptions: [scheduled] } }) });
    renderWithPlankit(<CancelWithReason />, { fetch: api.fetch });
    expect(await screen.findByRole('heading', { name: 'Cancels on August 1, 2026' })).not.toBe(
      document.activeElement,
    );
    expect(document.activeElement).toBe(document.body);
  });

  it('renders nothing without a subscription', () => {
    const api = server(() => ({ error: 'internal_error' }));
    const { container } = renderWithPlankit(<CancelWithReason />, {
      fetch: api.fetch,
      initialData: { subscription: { subscriptions: [] } },
    });
    expect(container.innerHTML).toBe('');
  });
});
