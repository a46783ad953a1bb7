import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { SeatStepper, type SeatStepperProps } from './seat-stepper';

/** Holds the value like a plan card does, and reports every change to the `onChange` spy. */
function Stateful(props: SeatStepperProps) {
  const [value, setValue] = useState(props.value);
  return (
    <SeatStepper
      {...props}
      value={value}
      onChange={(next) => {
        setValue(next);
        props.onChange(next);
      }}
    />
  );
}

const meta = {
  title: 'Parts/SeatStepper',
  component: SeatStepper,
  parameters: anatomyParameters('pricing-table/seat-stepper'),
  args: { value: 2, min: 2, max: 5, onChange: fn() },
  render: (args) => <Stateful {...args} />,
} satisfies Meta<typeof SeatStepper>;

export default meta;
type Story = StoryObj<typeof meta>;

export const AtMinimum: Story = {};

export const AtMaximum: Story = { args: { value: 5 } };

/** One seat reads "1 seat": plurals come from Intl.PluralRules. */
export const OneSeat: Story = { args: { value: 1, min: 1 } };

export const StepsWithinBounds: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const more = canvas.getByRole('button', { name: 'Add one' });
    for (let i = 0; i < 3; i++) await userEvent.click(more);
    await expect(canvas.getByText('5 seats')).toBeVisible();
    await expect(more).toHaveAttribute('aria-disabled', 'true');
    await expect(more).toHaveFocus();
    await expect(args.onChange).toHaveBeenLastCalledWith(5);
  },
};

/** Typing keeps a draft: "12" stays 12 (never clamped to 5) and, after blur, says why it cannot be used. */
export const TypedOutOfRange: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const field = canvas.getByRole('spinbutton', { name: 'Seats' });
    await userEvent.clear(field);
    await userEvent.type(field, '12');
    await expect(field).toHaveValue(12);
    await expect(field).not.toHaveAttribute('aria-invalid');
    await userEvent.tab();
    await expect(field).toHaveValue(12);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAccessibleDescription('Choose 2 to 5 seats');
  },
};
