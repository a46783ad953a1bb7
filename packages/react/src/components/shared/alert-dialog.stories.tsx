import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import { AlertDialog } from './alert-dialog';

const meta = {
  title: 'Parts/AlertDialog',
  component: AlertDialog,
  parameters: anatomyParameters('shared/alert-dialog'),
  args: {
    name: 'example-dialog',
    labelledBy: 'example-title',
    describedBy: 'example-text',
    onClose: fn(),
    children: null,
  },
  render: (args) => (
    <AlertDialog {...args}>
      <h2 id="example-title">Discard changes?</h2>
      <p id="example-text">The safe choice has focus first.</p>
      <button type="button" data-autofocus onClick={args.onClose}>
        Keep editing
      </button>
      <button type="button">Discard</button>
    </AlertDialog>
  ),
} satisfies Meta<typeof AlertDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

export const FocusAndEscape: Story = {
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByRole('alertdialog', { name: 'Discard changes?' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Keep editing' })).toHaveFocus();
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    await expect(canvas.getByRole('button', { name: 'Discard' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    await expect(args.onClose).toHaveBeenCalled();
  },
};
