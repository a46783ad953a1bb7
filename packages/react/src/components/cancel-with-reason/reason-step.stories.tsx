import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { ReasonStep } from './reason-step';

const meta = {
  title: 'Parts/ReasonStep',
  component: ReasonStep,
  parameters: anatomyParameters('cancel-with-reason/reason-step'),
  args: { busy: false, onContinue: fn(), onKeep: fn() },
} satisfies Meta<typeof ReasonStep>;

export default meta;
type Story = StoryObj<typeof meta>;

/** "Other" text and the comment are joined into one comment for Stripe's `cancellation_details`. */
export const OtherWithComment: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('radio', { name: 'Other reason' }));
    await userEvent.type(canvas.getByLabelText('Tell us more'), 'Too many emails');
    await userEvent.type(canvas.getByLabelText(/Anything else/), 'Otherwise great');
    await userEvent.click(canvas.getByRole('button', { name: 'Continue' }));
    await expect(args.onContinue).toHaveBeenCalledWith('other', 'Too many emails\nOtherwise great');
  },
};

export const Busy: Story = { args: { busy: true } };
