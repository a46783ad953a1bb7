import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { cancelingAtPeriodEnd, subscription, subscriptions } from '../../stories-support/fixtures';
import * as spies from '../../stories-support/spies';
import { storyUrls } from '../../stories-support/story-server';
import { CancelWithReason } from './cancel-with-reason';

const withOffer = subscriptions(subscription({ retentionOfferAvailable: true }));
const withoutOffer = subscriptions(subscription());

const meta = {
  title: 'Components/CancelWithReason',
  component: CancelWithReason,
  args: { onCanceled: fn() },
  parameters: {
    ...anatomyParameters('cancel-with-reason/cancel-with-reason'),
    billing: { subscription: withoutOffer },
  },
} satisfies Meta<typeof CancelWithReason>;

export default meta;
type Story = StoryObj<typeof meta>;

const heading = (canvasElement: HTMLElement, name: string) =>
  within(canvasElement).findByRole('heading', { name });

async function chooseReason(canvasElement: HTMLElement, reason: string) {
  const canvas = within(canvasElement);
  await userEvent.click(await canvas.findByRole('radio', { name: reason }));
  await userEvent.click(canvas.getByRole('button', { name: 'Continue' }));
}

// --- Step 1: the reason -----------------------------------------------------------------------------------

/** Step 1: Stripe's eight reasons (seed 003) and an optional comment. */
export const ReasonStep: Story = {
  play: async ({ canvasElement }) => {
    const group = await within(canvasElement).findByRole('radiogroup', { name: 'Why are you canceling?' });
    await expect(within(group).getAllByRole('radio')).toHaveLength(8);
  },
};

export const WithKeepButton: Story = { args: { onKeep: fn() } };

export const OtherRevealsTextField: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(canvas.queryByLabelText('Tell us more')).toBeNull();
    await userEvent.click(await canvas.findByRole('radio', { name: 'Other reason' }));
    await userEvent.type(canvas.getByLabelText('Tell us more'), 'Moving to another country');
    await expect(canvas.getByLabelText('Tell us more')).toHaveValue('Moving to another country');
  },
};

export const MissingReason: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('button', { name: 'Continue' }));
    await expect(canvas.getByRole('alert')).toHaveTextContent('Choose a reason to continue.');
  },
};

// --- Step 2: the retention offer --------------------------------------------------------------------------

/** Step 2: the server offers a discount (only it knows whether one is available). */
export const RetentionOffer: Story = {
  parameters: { billing: { subscription: withOffer } },
  play: async ({ canvasElement }) => {
    await chooseReason(canvasElement, 'It’s too expensive');
    await expect(await heading(canvasElement, 'Before you go')).toHaveFocus();
    await expect(within(canvasElement).getByText('Stay and get 25% off for 3 months.')).toBeVisible();
    await expect(spies.request).toHaveBeenCalledWith('cancel', {
      subscription: 'sub_story',
      reason: 'too_expensive',
    });
  },
};

export const RetentionOfferAccepted: Story = {
  parameters: { billing: { subscription: withOffer } },
  play: async ({ canvasElement }) => {
    await chooseReason(canvasElement, 'It’s too expensive');
    await userEvent.click(await within(canvasElement).findByRole('button', { name: 'Accept offer' }));
    await expect(
      await within(canvasElement).findByText('The discount is applied. Thank you for staying!'),
    ).toBeVisible();
    await expect(spies.request).toHaveBeenCalledWith('retentionAccept', { subscription: 'sub_story' });
  },
};

// --- Step 3: confirm, then the result ---------------------------------------------------------------------

export const ConfirmStep: Story = {
  play: async ({ canvasElement }) => {
    await chooseReason(canvasElement, 'I no longer need it');
    await expect(await heading(canvasElement, 'Confirm cancellation')).toHaveFocus();
    await expect(
      within(canvasElement).getByText('Your subscription stays active until August 1, 2026.'),
    ).toBeVisible();
    await expect(spies.request).not.toHaveBeenCalledWith('cancel', expect.anything());
  },
};

/** Direct cancel at period end: the server records the reason, the component shows "Cancels on …". */
export const CanceledAtPeriodEnd: Story = {
  args: { mode: 'at_period_end' },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('radio', { name: 'Other reason' }));
    await userEvent.type(canvas.getByLabelText('Tell us more'), 'Moving abroad');
    await userEvent.click(canvas.getByRole('button', { name: 'Continue' }));
    await userEvent.click(await canvas.findByRole('button', { name: 'Cancel subscription' }));
    await expect(await heading(canvasElement, 'Cancels on August 1, 2026')).toBeVisible();
    await expect(spies.request).toHaveBeenCalledWith('cancel', {
      subscription: 'sub_story',
      reason: 'other',
      comment: 'Moving abroad',
      mode: 'at_period_end',
    });
    await expect(args.onCanceled).toHaveBeenCalledWith(expect.objectContaining({ cancelAtPeriodEnd: true }));
  },
};

export const CanceledImmediately: Story = {
  args: { mode: 'immediately' },
  play: async ({ canvasElement }) => {
    await chooseReason(canvasElement, 'Quality was less than expected');
    await userEvent.click(await within(canvasElement).findByRole('button', { name: 'Cancel subscription' }));
    await expect(await heading(canvasElement, 'Your subscription is canceled.')).toBeVisible();
  },
};

/** `mode="portal"`: after the reason is recorded, Stripe's subscription_cancel page finishes the job. */
export const CancelInPortal: Story = {
  args: { mode: 'portal' },
  parameters: { billing: { subscription: withOffer } },
  play: async ({ canvasElement }) => {
    await chooseReason(canvasElement, 'I found an alternative');
    await userEvent.click(await within(canvasElement).findByRole('button', { name: 'No thanks, cancel' }));
    await userEvent.click(await within(canvasElement).findByRole('button', { name: 'Cancel subscription' }));
    await waitFor(() => expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('subscription_cancel')));
    await expect(spies.request).toHaveBeenCalledWith('cancel', {
      subscription: 'sub_story',
      reason: 'switched_service',
      mode: 'portal',
      declineOffer: true,
    });
  },
};

export const CancelError: Story = {
  parameters: { billing: { cancel: 'error' } },
  play: async ({ canvasElement }) => {
    await chooseReason(canvasElement, 'It’s too expensive');
    await userEvent.click(await within(canvasElement).findByRole('button', { name: 'Cancel subscription' }));
    await expect(await within(canvasElement).findByRole('alert')).toHaveTextContent(
      'Billing is temporarily unavailable. Try again shortly.',
    );
  },
};

// --- Scheduled: "Cancels on <date>" with Resume -----------------------------------------------------------

export const CancelsOnDate: Story = {
  parameters: { billing: { subscription: subscriptions(cancelingAtPeriodEnd) } },
  play: async ({ canvasElement }) => {
    await expect(await heading(canvasElement, 'Cancels on August 1, 2026')).toBeVisible();
  },
};

export const Resume: Story = {
  parameters: { billing: { subscription: subscriptions(cancelingAtPeriodEnd) } },
  play: async ({ canvasElement }) => {
    await userEvent.click(await within(canvasElement).findByRole('button', { name: 'Resume subscription' }));
    await expect(await heading(canvasElement, 'Cancel subscription')).toBeVisible();
    await expect(spies.request).toHaveBeenCalledWith('resume', { subscription: 'sub_story' });
  },
};

// --- Keyboard only ----------------------------------------------------------------------------------------

/** The whole flow without a mouse: Tab, arrow keys, Space and Enter; each step puts focus on its heading. */
export const KeyboardThroughCancel: Story = {
  parameters: { billing: { subscription: withOffer } },
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await canvas.findByRole('radio', { name: 'It’s too expensive' });

    await step('reason: Tab to the group, arrow to a reason, Enter continues', async () => {
      await userEvent.tab();
      await expect(canvas.getByRole('radio', { name: 'It’s too expensive' })).toHaveFocus();
      await userEvent.keyboard('{ArrowDown}');
      await expect(canvas.getByRole('radio', { name: 'I need more features' })).toBeChecked();
      await userEvent.tab();
      await expect(canvas.getByLabelText(/Anything else/)).toHaveFocus();
      await userEvent.keyboard('Export to PDF');
      await userEvent.tab();
      await expect(canvas.getByRole('button', { name: 'Continue' })).toHaveFocus();
      await userEvent.keyboard('{Enter}');
    });

    await step('offer: decline with the keyboard', async () => {
      await expect(await heading(canvasElement, 'Before you go')).toHaveFocus();
      await userEvent.tab();
      await expect(canvas.getByRole('button', { name: 'Accept offer' })).toHaveFocus();
      await userEvent.tab();
      await expect(canvas.getByRole('button', { name: 'No thanks, cancel' })).toHaveFocus();
      await userEvent.keyboard('{Enter}');
    });

    await step('confirm with Space', async () => {
      await expect(await heading(canvasElement, 'Confirm cancellation')).toHaveFocus();
      await userEvent.tab();
      await expect(canvas.getByRole('button', { name: 'Cancel subscription' })).toHaveFocus();
      await userEvent.keyboard(' ');
      await expect(await heading(canvasElement, 'Cancels on August 1, 2026')).toBeVisible();
      await expect(spies.request).toHaveBeenCalledWith('cancel', {
        subscription: 'sub_story',
        reason: 'missing_features',
        comment: 'Export to PDF',
        declineOffer: true,
      });
    });
  },
};
