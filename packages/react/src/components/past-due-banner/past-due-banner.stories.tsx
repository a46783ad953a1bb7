import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { subscription, subscriptions } from '../../stories-support/fixtures';
import * as spies from '../../stories-support/spies';
import { storyUrls } from '../../stories-support/story-server';
import { PastDueBanner } from './past-due-banner';

const meta = {
  title: 'Components/PastDueBanner',
  component: PastDueBanner,
  args: { returnTo: '/account' },
  parameters: {
    ...anatomyParameters('past-due-banner/past-due-banner'),
    billing: { subscription: subscriptions(subscription({ status: 'past_due' })) },
  },
} satisfies Meta<typeof PastDueBanner>;

export default meta;
type Story = StoryObj<typeof meta>;

const banner = (canvasElement: HTMLElement) => within(canvasElement).findByRole('region');

/** The last payment failed: the banner links to the payment_method_update deep link. */
export const PastDue: Story = {
  play: async ({ canvasElement }) => {
    const region = within(await banner(canvasElement));
    await expect(region.getByText(/Your last payment failed/)).toBeVisible();
    await userEvent.click(region.getByRole('button', { name: 'Update payment method' }));
    await waitFor(() =>
      expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('payment_method_update')),
    );
    await expect(spies.request).toHaveBeenCalledWith(
      'portal',
      expect.objectContaining({ afterCompletion: { type: 'redirect', returnTo: '/account' } }),
    );
  },
};

export const Unpaid: Story = {
  parameters: { billing: { subscription: subscriptions(subscription({ status: 'unpaid' })) } },
  play: async ({ canvasElement }) => {
    await expect(within(await banner(canvasElement)).getByText(/Your subscription is unpaid/)).toBeVisible();
  },
};

/** Nothing to fix: an active subscription shows no banner. */
export const ActiveShowsNothing: Story = {
  parameters: { billing: { subscription: subscriptions(subscription({ status: 'active' })) } },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(spies.request).toHaveBeenCalledWith('subscription', undefined));
    await expect(canvasElement.querySelector('[data-plankit-part="past-due-banner"]')).toBeNull();
  },
};
