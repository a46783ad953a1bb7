import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { anatomyParameters } from '../../stories-support/anatomy-docs';
import {
  cancelingAtPeriodEnd,
  emptyCatalog,
  longTextCatalog,
  monthlyOnlyCatalog,
  perSeatCatalog,
  standardCatalog,
  subscription,
  subscriptions,
  twentyPlansCatalog,
} from '../../stories-support/fixtures';
import * as spies from '../../stories-support/spies';
import { storyUrls } from '../../stories-support/story-server';
import { PricingTable } from './pricing-table';

const meta = {
  title: 'Components/PricingTable',
  component: PricingTable,
  args: { promotionCode: false },
  parameters: { ...anatomyParameters('pricing-table/pricing-table'), billing: { plans: standardCatalog } },
} satisfies Meta<typeof PricingTable>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The plan card of a plan, once the plans have loaded. */
async function card(canvasElement: HTMLElement, name: string) {
  return within(await within(canvasElement).findByRole('listitem', { name }));
}

// --- Not subscribed ---------------------------------------------------------------------------------------

/** A new customer: Starter, Pro (highlighted, 14-day trial, add-ons) and Team (per seat), monthly. */
export const NotSubscribed: Story = {};

export const Yearly: Story = { args: { defaultInterval: 'year' } };

export const MonthlyOnly: Story = {
  name: 'Monthly only (no toggle)',
  parameters: { billing: { plans: monthlyOnlyCatalog } },
};

export const PerSeat: Story = { parameters: { billing: { plans: perSeatCatalog } } };

export const WithPromotionCode: Story = { args: { promotionCode: true } };

export const TwentyPlans: Story = { parameters: { billing: { plans: twentyPlansCatalog } } };

export const LongNamesAndFeatures: Story = {
  parameters: { billing: { plans: longTextCatalog } },
};

/** JPY has no minor unit: ¥1,350, never ¥13.50. The currency is pinned here; the toolbar changes it elsewhere. */
export const ZeroDecimalCurrency: Story = {
  globals: { currency: 'jpy' },
  play: async ({ canvasElement }) => {
    const starter = await card(canvasElement, 'Starter');
    await expect(starter.getByText('¥1,350')).toBeVisible();
  },
};

// --- Loading, error, empty --------------------------------------------------------------------------------

export const Loading: Story = {
  parameters: { billing: { plans: 'loading' } },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent('Loading plans…');
  },
};

export const LoadError: Story = {
  name: 'Error (Stripe unavailable)',
  parameters: { billing: { plans: 'error' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await expect(await canvas.findByRole('alert')).toHaveTextContent(
      'Billing is temporarily unavailable. Try again shortly.',
    );
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeVisible();
  },
};

export const Empty: Story = {
  parameters: { billing: { plans: emptyCatalog } },
  play: async ({ canvasElement }) => {
    await expect(await within(canvasElement).findByText('No plans are available right now.')).toBeVisible();
  },
};

/** The plans are here, the subscription is not yet: a neutral "Loading…" action, never "Subscribe". */
export const SubscriptionLoading: Story = {
  parameters: { billing: { plans: standardCatalog, subscription: 'loading' } },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    const action = pro.getByRole('button', { name: 'Loading… Pro' });
    await expect(action).toHaveAttribute('aria-disabled', 'true');
    await expect(action).toHaveAttribute('data-state', 'loading');
    await expect(within(canvasElement).queryByRole('button', { name: /^Subscribe / })).toBeNull();
  },
};

/** A signed-out visitor: the server answers 401, and the app's onUnauthenticated takes over (sign-in). */
export const SignedOutVisitor: Story = {
  args: { onUnauthenticated: fn() },
  parameters: {
    billing: { subscription: { error: 'unauthenticated' }, checkout: { error: 'unauthenticated' } },
  },
  play: async ({ canvasElement, args }) => {
    const pro = await card(canvasElement, 'Pro');
    await userEvent.click(await pro.findByRole('button', { name: 'Subscribe Pro' }));
    await waitFor(() =>
      expect(args.onUnauthenticated).toHaveBeenCalledWith({ plan: 'pro', interval: 'month', addOns: [] }),
    );
    await expect(within(canvasElement).queryByRole('alert')).toBeNull();
  },
};

// --- Subscribed, in each status ---------------------------------------------------------------------------

/** Waits until the subscription has loaded (until then each plan's action says "Loading…"). */
async function subscribedTable(canvasElement: HTMLElement) {
  await within(canvasElement).findByText('Current plan');
}

const subscribedIn = (fields: Parameters<typeof subscription>[0]): Story => ({
  parameters: { billing: { plans: standardCatalog, subscription: subscriptions(subscription(fields)) } },
  play: async ({ canvasElement }) => {
    await subscribedTable(canvasElement);
    const canvas = within(canvasElement);
    await expect(canvas.queryByRole('button', { name: /^Subscribe / })).toBeNull();
    await expect(canvas.getAllByRole('button', { name: /^Switch / }).length).toBeGreaterThan(0);
  },
});

export const SubscribedTrialing: Story = subscribedIn({ status: 'trialing', planKey: 'pro' });
export const SubscribedActive: Story = subscribedIn({ status: 'active' });
export const SubscribedPastDue: Story = subscribedIn({ status: 'past_due' });
export const SubscribedUnpaid: Story = subscribedIn({ status: 'unpaid' });
export const SubscribedPaused: Story = subscribedIn({ status: 'paused' });
/** A scheduled cancellation: "Cancels on <date>" on the current plan, and Manage instead of Switch elsewhere. */
export const SubscribedCancelingAtPeriodEnd: Story = {
  parameters: { billing: { plans: standardCatalog, subscription: subscriptions(cancelingAtPeriodEnd) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const badge = await canvas.findByText('Cancels on August 1, 2026');
    await expect(badge).toHaveAttribute('data-state', 'canceling');
    await expect(canvas.queryByText('Current plan')).toBeNull();
    await expect(canvas.queryByRole('button', { name: /^Switch / })).toBeNull();
    await expect(canvas.getAllByRole('button', { name: /^Manage / })).toHaveLength(3);
  },
};
export const SubscribedYearly: Story = {
  ...subscribedIn({ planKey: 'pro', interval: 'year' }),
  args: { defaultInterval: 'year' },
};
export const SubscribedPerSeatWithAddOn: Story = subscribedIn({
  planKey: 'team',
  quantity: 5,
  addOns: ['analytics'],
  items: [
    { id: 'si_story_plan', kind: 'plan', key: 'team', quantity: 5, unitAmount: 1200 },
    { id: 'si_story_addon', kind: 'add_on', key: 'analytics', quantity: 1, unitAmount: 500 },
  ],
});

// --- Interactions -----------------------------------------------------------------------------------------

export const SwitchToYearly: Story = {
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const yearly = await canvas.findByRole('button', { name: /Yearly/ });
    await expect(yearly).toHaveAttribute('aria-pressed', 'false');
    await expect(yearly).toHaveTextContent('Save 17%');
    await userEvent.click(yearly);
    await expect(yearly).toHaveAttribute('aria-pressed', 'true');
    const pro = await card(canvasElement, 'Pro');
    await expect(pro.getByText('$290')).toBeVisible();
    await expect(pro.getByText('/ year')).toBeVisible();
    await userEvent.click(await pro.findByRole('button', { name: 'Subscribe Pro' }));
    await waitFor(() => expect(spies.navigate).toHaveBeenCalledWith(storyUrls.checkout('pro', 'year')));
    await expect(spies.request).toHaveBeenCalledWith(
      'checkout',
      expect.objectContaining({ interval: 'year' }),
    );
  },
};

export const ChangeSeats: Story = {
  play: async ({ canvasElement }) => {
    const teamCard = await card(canvasElement, 'Team');
    const fewer = teamCard.getByRole('button', { name: 'Remove one' });
    // At a bound the button stays focusable (aria-disabled), so focus never falls to the page.
    await expect(fewer).toHaveAttribute('aria-disabled', 'true');
    await expect(teamCard.getByText('2 seats')).toBeVisible();
    await userEvent.click(teamCard.getByRole('button', { name: 'Add one' }));
    await userEvent.click(teamCard.getByRole('button', { name: 'Add one' }));
    await expect(teamCard.getByText('4 seats')).toBeVisible();
    await expect(fewer).not.toHaveAttribute('aria-disabled');
    // Typing a number works too: out of range it stays as typed and says so, and Subscribe sends nothing.
    const input = teamCard.getByRole('spinbutton', { name: 'Seats' });
    await userEvent.clear(input);
    await userEvent.type(input, '80');
    await userEvent.tab();
    await expect(input).toHaveValue(80);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(input).toHaveAccessibleDescription('Choose 2 to 50 seats');
    await userEvent.click(teamCard.getByRole('button', { name: 'Subscribe Team' }));
    await expect(spies.request).not.toHaveBeenCalledWith('checkout', expect.anything());
    await expect(input).toHaveFocus();
  },
};

/** Subscribe: the kit asks the server for a Checkout session and navigates there (captured, not performed). */
export const SubscribeGoesToCheckout: Story = {
  args: { promotionCode: true, returnTo: '/account' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const teamCard = await card(canvasElement, 'Team');
    await userEvent.click(teamCard.getByRole('button', { name: 'Add one' }));
    await userEvent.click(teamCard.getByRole('checkbox', { name: /Advanced analytics/ }));
    await userEvent.type(canvas.getByLabelText('Promotion code'), 'WELCOME10');
    await userEvent.click(await teamCard.findByRole('button', { name: 'Subscribe Team' }));
    await waitFor(() => expect(spies.navigate).toHaveBeenCalledWith(storyUrls.checkout('team', 'month')));
    await expect(spies.request).toHaveBeenCalledWith('checkout', {
      plan: 'team',
      interval: 'month',
      quantity: 3,
      addOns: ['analytics'],
      promotionCode: 'WELCOME10',
      returnTo: '/account',
      locale: 'en',
    });
    await expect(await canvas.findByText(/Navigation captured/)).toBeVisible();
  },
};

/** The server refuses a second subscription (seed 000): the kit opens the portal instead. */
/** A stale tab: the app says so first, and the portal opens only on "Manage it". */
export const AlreadySubscribedGoesToPortal: Story = {
  parameters: { billing: { checkout: { error: 'already_subscribed' } } },
  play: async ({ canvasElement }) => {
    const pro = await card(canvasElement, 'Pro');
    await userEvent.click(await pro.findByRole('button', { name: 'Subscribe Pro' }));
    const notice = await within(canvasElement).findByRole('alert');
    await expect(notice).toHaveTextContent('You already have a subscription. Manage it');
    await expect(spies.navigate).not.toHaveBeenCalled();
    await userEvent.click(within(notice).getByRole('button', { name: 'Manage it' }));
    await waitFor(() => expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('homepage')));
  },
};

/** Manage on the current plan opens the portal homepage; Switch opens the subscription_update_confirm link. */
export const SubscribedManageAndSwitch: Story = {
  parameters: { billing: { subscription: subscriptions(subscription()) } },
  play: async ({ canvasElement }) => {
    await subscribedTable(canvasElement);
    const pro = await card(canvasElement, 'Pro');
    await userEvent.click(pro.getByRole('button', { name: 'Switch Pro' }));
    await waitFor(() =>
      expect(spies.navigate).toHaveBeenCalledWith(storyUrls.portal('subscription_update_confirm')),
    );
    await expect(spies.request).toHaveBeenCalledWith(
      'portal',
      expect.objectContaining({
        flow: 'subscription_update_confirm',
        plan: 'pro',
        subscription: 'sub_story',
      }),
    );
  },
};
