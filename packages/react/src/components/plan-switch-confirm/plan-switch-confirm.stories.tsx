import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { anatomyFor, anatomyParameters } from '../../stories-support/anatomy-docs';
import {
  downgradePreview,
  standardCatalog,
  subscription,
  subscriptions,
  upgradePreview,
} from '../../stories-support/fixtures';
import * as spies from '../../stories-support/spies';
import { storyUrls } from '../../stories-support/story-server';
import { PricingTable } from '../pricing-table/pricing-table';
import { PlanSwitchConfirm, type PlanSwitchConfirmProps } from './plan-switch-confirm';

const onStarter = subscriptions(subscription({ planKey: 'starter' }));
const onPro = subscriptions(
  subscription({
    planKey: 'pro',
    items: [{ id: 'si_story_plan', kind: 'plan', key: 'pro', quantity: 1, unitAmount: 2900 }],
  }),
);

const meta = {
  title: 'Components/PlanSwitchConfirm',
  component: PlanSwitchConfirm,
  args: {
    change: { plan: 'pro', interval: 'month' },
    onClose: fn(),
    onChanged: fn(),
    returnTo: '/account',
  },
  parameters: {
    ...anatomyParameters('plan-switch-confirm/plan-switch-confirm'),
    billing: { plans: standardCatalog, subscription: onStarter },
  },
} satisfies Meta<typeof PlanSwitchConfirm>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The open dialog, once the subscription has loaded. */
async function dialog(canvasElement: HTMLElement) {
  return within(await within(canvasElement).findByRole('alertdialog', { name: 'Switch plan' }));
}

/** Starter -> Pro: the prorated difference is due today. */
export const Upgrade: Story = {
  parameters: { billing: { previewChange: upgradePreview } },
  play: async ({ canvasElement }) => {
    const confirm = await dialog(canvasElement);
    await expect(await confirm.findByText('From Starter (Monthly) to Pro (Monthly)')).toBeVisible();
    await expect(await confirm.findByText('$10')).toBeVisible();
    await expect(confirm.getByText('$29 on August 1, 2026')).toBeVisible();
  },
};

/** Pro -> Starter: a credit today (a negative amount), a smaller next invoice. */
export const Downgrade: Story = {
  args: { change: { plan: 'starter', interval: 'month' } },
  parameters: { billing: { subscription: onPro, previewChange: downgradePreview } },
  play: async ({ canvasElement }) => {
    const confirm = await dialog(canvasElement);
    await expect(await confirm.findByText('-$10')).toBeVisible();
  },
};

export const ToYearly: Story = { args: { change: { plan: 'starter', interval: 'year' } } };

export const PerSeat: Story = {
  args: { change: { plan: 'team', interval: 'month', quantity: 5, addOns: ['analytics'] } },
  play: async ({ canvasElement }) => {
    const confirm = await dialog(canvasElement);
    await expect(confirm.getByText(/5 seats/)).toBeVisible();
  },
};

export const ZeroDecimalCurrency: Story = {
  globals: { currency: 'jpy' },
  parameters: { billing: { previewChange: upgradePreview } },
  play: async ({ canvasElement }) => {
    const confirm = await dialog(canvasElement);
    await expect(await confirm.findByText('¥1,500')).toBeVisible();
  },
};

export const PreviewLoading: Story = {
  parameters: { billing: { previewChange: 'loading' } },
  play: async ({ canvasElement }) => {
    const confirm = await dialog(canvasElement);
    await expect(confirm.getByRole('status')).toHaveTextContent('Calculating…');
    await expect(confirm.getByRole('button', { name: 'Confirm switch' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  },
};

export const PreviewError: Story = {
  parameters: { billing: { previewChange: 'error' } },
  play: async ({ canvasElement }) => {
    const confirm = await dialog(canvasElement);
    await expect(await confirm.findByRole('alert')).toHaveTextContent(
      'Billing is temporarily unavailable. Try again shortly.',
    );
  },
};

/** A promotion code is checked by the preview; "EXPIRED" is refused like an invalid code. */
export const WithPromotionCode: Story = {
  args: { promotionCode: true },
  parameters: {
    billing: {
      previewChange: (request: { promotionCode?: string }) =>
        request.promotionCode === 'EXPIRED' ? { error: 'invalid_promotion_code' } : upgradePreview,
    },
  },
  play: async ({ canvasElement }) => {
    const confirm = await dialog(canvasElement);
    await userEvent.type(confirm.getByLabelText('Promotion code'), 'EXPIRED');
    await userEvent.click(confirm.getByRole('button', { name: 'Apply' }));
    // Under the field and tied to it.
    const field = confirm.getByLabelText('Promotion code');
    await waitFor(() => expect(field).toHaveAttribute('aria-invalid', 'true'));
    await expect(field).toHaveAccessibleDescription('That promotion code is not valid.');
    await expect(spies.request).toHaveBeenCalledWith(
      'previewChange',
      expect.objectContaining({ promotionCode: 'EXPIRED' }),
    );
  },
};

/** `mode="in-app"`: confirming applies the change through `/change-plan` and reports the new subscription. */
export const InAppChange: Story = {
  args: { mode: 'in-app' },
  play: async ({ canvasElement, args }) => {
    const confirm = await dialog(canvasElement);
    await confirm.findByText('Due today');
    await userEvent.click(confirm.getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() =>
      expect(args.onChanged).toHaveBeenCalledWith(expect.objectContaining({ planKey: 'pro' })),
    );
    await expect(args.onClose).toHaveBeenCalled();
    await expect(spies.request).toHaveBeenCalledWith(
      'changePlan',
      // The proration date of the preview, so Stripe charges the figures the customer saw.
      expect.objectContaining({ plan: 'pro', prorationDate: 1_780_000_000 }),
    );
  },
};

/** The pricing table opens the dialog through `onSwitch`, the way an app wires the two together. */
function SwitchFromTable(props: Pick<PlanSwitchConfirmProps, 'mode' | 'returnTo'>) {
  const [change, setChange] = useState<PlanSwitchConfirmProps['change']>(null);
  return (
    <>
      <PricingTable onSwitch={setChange} />
      <PlanSwitchConfirm {...props} change={change} onClose={() => setChange(null)} />
    </>
  );
}

/**
 * Open from the table: focus starts on Cancel, Tab stays inside, Escape closes and gives focus back to
 * "Switch"; then confirm goes to Stripe's subscription_update_confirm page (captured, not performed).
 */
export const OpenAndConfirmFromTable: Story = {
  // The table beside the dialog: its parts are the PricingTable's.
  parameters: {
    anatomy: anatomyFor('plan-switch-confirm/plan-switch-confirm', 'pricing-table/pricing-table'),
  },
  render: (args) => <SwitchFromTable mode={args.mode} returnTo={args.returnTo} />,
  play: async ({ canvasElement, step }) => {
    const canvas = within(canvasElement);
    await canvas.findByText('Current plan');
    const pro = within(canvas.getByRole('listitem', { name: 'Pro' }));
    const switchButton = pro.getByRole('button', { name: 'Switch Pro' });

    await step('open: focus starts on Cancel', async () => {
      await userEvent.click(switchButton);
      const confirm = await dialog(canvasElement);
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toHaveFocus();
      await expect(await confirm.findByText('Due today')).toBeVisible();
    });

    await step('Tab stays inside the dialog', async () => {
      const confirm = await dialog(canvasElement);
      await userEvent.tab();
      await expect(confirm.getByRole('button', { name: 'Confirm switch' })).toHaveFocus();
      await userEvent.tab();
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toHaveFocus();
    });

    await step('Escape closes and returns focus to Switch', async () => {
      await userEvent.keyboard('{Escape}');
      await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull());
      await expect(switchButton).toHaveFocus();
    });

    await step('confirm opens the subscription_update_confirm deep link', async () => {
      await userEvent.keyboard('{Enter}');
      const confirm = await dialog(canvasElement);
      await confirm.findByText('Due today');
      await userEvent.click(confirm.getByRole('button', { name: 'Confirm switch' }));
      await waitFor(() =>
        expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('subscription_update_confirm')),
      );
      await expect(spies.request).toHaveBeenCalledWith('portal', {
        flow: 'subscription_update_confirm',
        subscription: 'sub_story',
        plan: 'pro',
        interval: 'month',
        addOns: [],
        returnTo: '/account',
        // Back to the app once Stripe's page has confirmed the switch.
        afterCompletion: { type: 'redirect', returnTo: '/account' },
        locale: 'en',
      });
    });
  },
};
