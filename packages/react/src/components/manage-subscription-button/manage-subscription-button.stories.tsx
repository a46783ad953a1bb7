import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { subscription, subscriptions } from '../../stories-support/fixtures';
import * as spies from '../../stories-support/spies';
import { storyUrls } from '../../stories-support/story-server';
import { ManageSubscriptionButton } from './manage-subscription-button';

const meta = {
  title: 'Components/ManageSubscriptionButton',
  component: ManageSubscriptionButton,
  args: { returnTo: '/account' },
  parameters: {
    ...anatomyParameters('manage-subscription-button/manage-subscription-button'),
    billing: { subscription: subscriptions(subscription()) },
  },
} satisfies Meta<typeof ManageSubscriptionButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Opens the portal homepage (captured, not performed). */
export const Homepage: Story = {
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Manage' }));
    await waitFor(() => expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('homepage')));
    await expect(spies.request).toHaveBeenCalledWith('portal', {
      flow: 'homepage',
      returnTo: '/account',
      locale: 'en',
    });
  },
};

/** A deep link into one flow (seed 002), here the plan picker. */
export const SubscriptionUpdateFlow: Story = {
  args: { flow: 'subscription_update', children: 'Change plan' },
  play: async ({ canvasElement }) => {
    const button = within(canvasElement).getByRole('button', { name: 'Change plan' });
    // The flow names the subscription, so wait until it has loaded.
    await waitFor(() => expect(spies.request).toHaveBeenCalledWith('subscription', undefined));
    await userEvent.click(button);
    await waitFor(() => expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('subscription_update')));
    await expect(spies.request).toHaveBeenCalledWith(
      'portal',
      expect.objectContaining({ flow: 'subscription_update', subscription: 'sub_story' }),
    );
  },
};

export const CustomLabel: Story = { args: { children: 'Billing settings' } };

/** While the portal session is created the button says so and ignores further clicks. */
export const Pending: Story = {
  parameters: { billing: { portal: 'loading' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Manage' }));
    const pending = await canvas.findByRole('button', { name: 'Redirecting…' });
    await expect(pending).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(pending);
    await expect(spies.request.mock.calls.filter(([route]) => route === 'portal')).toHaveLength(1);
  },
};

export const PortalError: Story = {
  parameters: { billing: { portal: 'error' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Manage' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Billing is temporarily unavailable. Try again shortly.',
    );
  },
};
