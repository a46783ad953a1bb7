import type { SubscriptionState } from '@plankit/core';
import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import {
  cancelingAtPeriodEnd,
  notSubscribed,
  standardCatalog,
  subscription,
  subscriptions,
} from '../../stories-support/fixtures';
import * as spies from '../../stories-support/spies';
import type { Answer, StoryServerState } from '../../stories-support/story-server';
import { BillingReturn } from './billing-return';

const onPro = subscriptions(
  subscription({
    planKey: 'pro',
    items: [{ id: 'si_story_plan', kind: 'plan', key: 'pro', quantity: 1, unitAmount: 2900 }],
  }),
);

// Calls per mounted story server (each story and each toolbar change mounts a fresh one).
const calls = new WeakMap<StoryServerState, number>();

/** A sync route that answers `before` for the first `count` calls, then `after`. */
function activatesAfter(count: number, before: Answer<SubscriptionState>, after: SubscriptionState) {
  return (_: unknown, server: StoryServerState): Answer<SubscriptionState> => {
    const seen = (calls.get(server) ?? 0) + 1;
    calls.set(server, seen);
    return seen > count ? after : before;
  };
}

const meta = {
  title: 'Components/BillingReturn',
  component: BillingReturn,
  args: { from: 'checkout', continueTo: '/account' },
  parameters: {
    ...anatomyParameters('billing-return/billing-return'),
    billing: { plans: standardCatalog, sync: onPro },
  },
} satisfies Meta<typeof BillingReturn>;

export default meta;
type Story = StoryObj<typeof meta>;

const syncCalls = () => spies.request.mock.calls.filter(([route]) => route === 'sync');

/** Back from Checkout, the subscription is not active yet: a spinner and a polite status, `aria-busy`. */
export const Activating: Story = {
  parameters: { billing: { sync: 'loading' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('status')).toHaveTextContent('Activating your subscription…');
    const root = canvasElement.querySelector('[data-plankit-part="billing-return"]');
    await expect(root).toHaveAttribute('aria-busy', 'true');
    await expect(root).toHaveAttribute('data-state', 'activating');
  },
};

/** The first answers show no subscription (payment settling), then it is active: plan, price, next invoice. */
export const ActivatesAfterPolling: Story = {
  parameters: { billing: { sync: activatesAfter(2, notSubscribed, onPro) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByRole('heading', { name: 'Your subscription is active' }, { timeout: 5000 }),
    ).toBeVisible();
    await expect(canvas.getByText('Pro (Monthly)')).toBeVisible();
    await expect(canvas.getByText('$29 / month')).toBeVisible();
    await expect(canvas.getByText('August 1, 2026')).toBeVisible();
    await expect(canvas.getByRole('link', { name: 'Continue' })).toHaveAttribute('href', '/account');
    await expect(syncCalls()).toHaveLength(3);
    await expect(spies.request).not.toHaveBeenCalledWith('subscription', undefined);
  },
};

/** A trial: when it ends, seats at the per-seat price. */
export const Trialing: Story = {
  parameters: {
    billing: {
      sync: subscriptions(
        subscription({
          planKey: 'team',
          status: 'trialing',
          quantity: 3,
          items: [{ id: 'si_story_plan', kind: 'plan', key: 'team', quantity: 3, unitAmount: 1500 }],
        }),
      ),
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('heading', { name: 'Your free trial has started' })).toBeVisible();
    await expect(canvas.getByText('June 15, 2026')).toBeVisible();
    await expect(canvas.getByText('3 seats')).toBeVisible();
  },
};

/** Past the deadline without an active subscription: said plainly, with "Check again". */
export const StillProcessing: Story = {
  args: { timeoutMs: 1500 },
  parameters: { billing: { sync: activatesAfter(Number.POSITIVE_INFINITY, notSubscribed, onPro) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const check = await canvas.findByRole('button', { name: 'Check again' }, { timeout: 4000 });
    await expect(canvas.getByRole('status')).toHaveTextContent(/still being processed/);
    await expect(canvas.getByRole('link', { name: 'Continue' })).toBeVisible();
    await userEvent.click(check);
    await waitFor(() => expect(check).toHaveAttribute('aria-disabled', 'true'));
  },
};

/** An error that waiting does not fix (signed out): an alert and "Try again". */
export const ErrorState: Story = {
  name: 'Error',
  parameters: { billing: { sync: { error: 'unauthenticated' } } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Sign in to manage billing.');
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeVisible();
  },
};

/** Stripe was briefly unavailable: the next attempt succeeds, no error is shown. */
export const RecoversFromOutage: Story = {
  parameters: { billing: { sync: activatesAfter(1, 'error', onPro) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByRole('heading', { name: 'Your subscription is active' }, { timeout: 3000 }),
    ).toBeVisible();
    await expect(canvas.queryByRole('alert')).toBeNull();
  },
};

/** Back from the portal: one sync, the updated state (a cancellation scheduled there). */
export const AfterPortal: Story = {
  args: { from: 'portal' },
  parameters: { billing: { sync: subscriptions(cancelingAtPeriodEnd) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(
      await canvas.findByRole('heading', { name: 'Your billing details are up to date' }),
    ).toBeVisible();
    await expect(canvas.getByText('Ends')).toBeVisible();
    await expect(syncCalls()).toHaveLength(1);
  },
};

/** Back from the portal after canceling at once: no subscription left. */
export const AfterPortalNoSubscription: Story = {
  args: { from: 'portal' },
  parameters: { billing: { sync: notSubscribed } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('You have no active subscription.')).toBeVisible();
  },
};
