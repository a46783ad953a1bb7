import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { IntervalToggle } from './interval-toggle';

const meta = {
  title: 'Parts/IntervalToggle',
  component: IntervalToggle,
  parameters: anatomyParameters('pricing-table/interval-toggle'),
  args: { intervals: ['month', 'year'], value: 'month', saving: 0.17, onChange: fn() },
} satisfies Meta<typeof IntervalToggle>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Monthly: Story = {
  play: async ({ canvasElement, args }) => {
    const yearly = within(canvasElement).getByRole('button', { name: /Yearly/ });
    await expect(yearly).toHaveTextContent('Save 17%');
    await userEvent.click(yearly);
    await expect(args.onChange).toHaveBeenCalledWith('year');
  },
};

export const Yearly: Story = { args: { value: 'year' } };

/** Under one percent the saving is not worth a label. */
export const NoSaving: Story = { args: { saving: 0 } };
