import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { analytics, prioritySupport, pro, subscription, team } from '../../stories-support/fixtures';
import { PlanCard } from './plan-card';

// A card alone, as apps that lay out plans themselves use it (inside a list, like the table renders it).
const meta = {
  title: 'Parts/PlanCard',
  component: PlanCard,
  parameters: anatomyParameters('pricing-table/plan-card'),
  args: {
    plan: pro,
    addOns: [analytics, prioritySupport],
    interval: 'month',
    subscription: undefined,
    pending: false,
    busy: false,
    onAction: fn(),
  },
  decorators: [
    (Story) => (
      <ul style={{ listStyle: 'none', padding: 0, maxWidth: '20rem' }}>
        <Story />
      </ul>
    ),
  ],
} satisfies Meta<typeof PlanCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Highlighted: Story = {};

export const PerSeatWithAddOns: Story = {
  args: { plan: team },
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Add one' }));
    await userEvent.click(canvas.getByRole('checkbox', { name: /Priority support/ }));
    await userEvent.click(canvas.getByRole('button', { name: 'Subscribe Team' }));
    await expect(args.onAction).toHaveBeenCalledWith('subscribe', {
      plan: 'team',
      interval: 'month',
      quantity: 3,
      addOns: ['priority-support'],
    });
  },
};

export const CurrentPlan: Story = {
  args: { subscription: subscription({ planKey: 'pro' }) },
};

export const Pending: Story = { args: { pending: true, busy: true } };
