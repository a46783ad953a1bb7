import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { subscription, subscriptions } from '../../stories-support/fixtures';
import * as spies from '../../stories-support/spies';
import { storyUrls } from '../../stories-support/story-server';
import { UpdatePaymentMethodButton } from './manage-subscription-button';

const meta = {
  title: 'Components/UpdatePaymentMethodButton',
  component: UpdatePaymentMethodButton,
  args: { returnTo: '/account' },
  parameters: {
    ...anatomyParameters('manage-subscription-button/manage-subscription-button'),
    billing: { subscription: subscriptions(subscription({ status: 'past_due' })) },
  },
} satisfies Meta<typeof UpdatePaymentMethodButton>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Opens the portal's payment_method_update deep link. */
export const Default: Story = {
  args: { afterCompletion: { type: 'redirect', returnTo: '/account?card=updated' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Update payment method' }));
    await waitFor(() =>
      expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('payment_method_update')),
    );
    await expect(spies.request).toHaveBeenCalledWith('portal', {
      flow: 'payment_method_update',
      returnTo: '/account',
      afterCompletion: { type: 'redirect', returnTo: '/account?card=updated' },
      locale: 'en',
    });
  },
};

export const Pending: Story = {
  parameters: { billing: { portal: 'loading' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Update payment method' }));
    await expect(await canvas.findByRole('button', { name: 'Redirecting…' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  },
};

export const PortalError: Story = {
  parameters: { billing: { portal: { error: 'rate_limited' } } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Update payment method' }));
    await expect(await canvas.findByRole('alert')).toHaveTextContent('Too many requests. Try again shortly.');
  },
};
