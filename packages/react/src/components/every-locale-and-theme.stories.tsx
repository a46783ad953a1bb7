import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, within } from 'storybook/test';
import { standardCatalog, subscription, subscriptions, upgradePreview } from '../stories-support/fixtures';
import { type StoryLocale, type StoryTheme, storyLocales } from '../stories-support/story-harness';
import { CancelWithReason } from './cancel-with-reason/cancel-with-reason';
import { ManageSubscriptionButton } from './manage-subscription-button/manage-subscription-button';
import { PastDueBanner } from './past-due-banner/past-due-banner';
import { PlanSwitchConfirm } from './plan-switch-confirm/plan-switch-confirm';
import type { PlanSelection } from './pricing-table/plan-card';
import { PricingTable } from './pricing-table/pricing-table';

// The main screens in every locale and theme, so the a11y checks (contrast included) and the play functions'
// text checks run on each combination, not only on English and light. The toolbar globals are pinned per story.

const meta = {
  title: 'Overview/Every locale and theme',
  parameters: { billing: { plans: standardCatalog } },
} satisfies Meta;

export default meta;
type Story = StoryObj<typeof meta>;

const pastDue = subscriptions(subscription({ status: 'past_due', retentionOfferAvailable: true }));

function AccountPage() {
  return (
    <div style={{ display: 'grid', gap: '1.5rem' }}>
      <PastDueBanner returnTo="/account" />
      <ManageSubscriptionButton returnTo="/account" />
      <PricingTable />
      <CancelWithReason />
    </div>
  );
}

function SwitchDialog() {
  const [change, setChange] = useState<PlanSelection | null>({ plan: 'pro', interval: 'month' });
  return (
    <>
      <PricingTable onSwitch={setChange} />
      <PlanSwitchConfirm change={change} onClose={() => setChange(null)} promotionCode />
    </>
  );
}

/** The pricing page of a new customer, with a promotion code field. */
const pricing = (locale: StoryLocale, theme: StoryTheme): Story => ({
  globals: { locale, theme },
  render: () => <PricingTable promotionCode />,
  play: async ({ canvasElement }) => {
    const text = storyLocales[locale];
    const canvas = within(canvasElement);
    // Each named with its plan: "Subscribe Starter", "Subscribe Pro", "Subscribe Team".
    await expect(
      await canvas.findAllByRole('button', { name: new RegExp(`^${text.subscribe} `) }),
    ).toHaveLength(3);
    await expect(canvas.getByRole('group', { name: text.interval })).toBeVisible();
    await expect(canvas.getByText(text.popular)).toBeVisible();
  },
});

/** The account page of a past_due customer: banner, portal button, table with the current plan, cancel step 1. */
const account = (locale: StoryLocale, theme: StoryTheme): Story => ({
  globals: { locale, theme },
  parameters: { billing: { subscription: pastDue } },
  render: () => <AccountPage />,
  play: async ({ canvasElement }) => {
    const text = storyLocales[locale];
    const canvas = within(canvasElement);
    await expect(await canvas.findByText(text.pastDue)).toBeVisible();
    await expect(await canvas.findByText(text.current)).toBeVisible();
    await expect(canvas.getByRole('radiogroup', { name: text.reasonLegend })).toBeVisible();
    await expect(canvas.getByRole('button', { name: text.updatePayment })).toBeVisible();
  },
});

/** The plan switch dialog over the table, with the preview. */
const switchDialog = (locale: StoryLocale, theme: StoryTheme): Story => ({
  globals: { locale, theme },
  parameters: { billing: { subscription: subscriptions(subscription()), previewChange: upgradePreview } },
  render: () => <SwitchDialog />,
  play: async ({ canvasElement }) => {
    const text = storyLocales[locale];
    const dialog = within(await within(canvasElement).findByRole('alertdialog', { name: text.switchTitle }));
    await expect(await dialog.findByText(text.dueToday)).toBeVisible();
    await expect(dialog.getByRole('button', { name: text.cancel })).toHaveFocus();
  },
});

/** The cancel flow's retention offer, reached with the localized reason and button. */
const retentionOffer = (locale: StoryLocale, theme: StoryTheme): Story => ({
  globals: { locale, theme },
  parameters: { billing: { subscription: subscriptions(subscription({ retentionOfferAvailable: true })) } },
  render: () => <CancelWithReason />,
  play: async ({ canvasElement }) => {
    const text = storyLocales[locale];
    const canvas = within(canvasElement);
    await userEvent.click(await canvas.findByRole('radio', { name: text.reason_too_expensive }));
    await userEvent.click(canvas.getByRole('button', { name: text.continue }));
    await expect(await canvas.findByRole('heading', { name: text.offerTitle })).toHaveFocus();
    await expect(canvas.getByRole('button', { name: text.acceptOffer })).toBeVisible();
  },
});

export const PricingEnglishLight = pricing('en', 'light');
export const PricingEnglishDark = pricing('en', 'dark');
export const PricingGermanLight = pricing('de', 'light');
export const PricingGermanDark = pricing('de', 'dark');
export const PricingItalianLight = pricing('it', 'light');
export const PricingItalianDark = pricing('it', 'dark');
export const PricingIndonesianLight = pricing('id', 'light');
export const PricingIndonesianDark = pricing('id', 'dark');

export const AccountEnglishLight = account('en', 'light');
export const AccountEnglishDark = account('en', 'dark');
export const AccountGermanLight = account('de', 'light');
export const AccountGermanDark = account('de', 'dark');
export const AccountItalianLight = account('it', 'light');
export const AccountItalianDark = account('it', 'dark');
export const AccountIndonesianLight = account('id', 'light');
export const AccountIndonesianDark = account('id', 'dark');

export const SwitchDialogEnglishLight = switchDialog('en', 'light');
export const SwitchDialogEnglishDark = switchDialog('en', 'dark');
export const SwitchDialogGermanLight = switchDialog('de', 'light');
export const SwitchDialogGermanDark = switchDialog('de', 'dark');
export const SwitchDialogItalianLight = switchDialog('it', 'light');
export const SwitchDialogItalianDark = switchDialog('it', 'dark');
export const SwitchDialogIndonesianLight = switchDialog('id', 'light');
export const SwitchDialogIndonesianDark = switchDialog('id', 'dark');

export const RetentionOfferEnglishLight = retentionOffer('en', 'light');
export const RetentionOfferEnglishDark = retentionOffer('en', 'dark');
export const RetentionOfferGermanLight = retentionOffer('de', 'light');
export const RetentionOfferGermanDark = retentionOffer('de', 'dark');
export const RetentionOfferItalianLight = retentionOffer('it', 'light');
export const RetentionOfferItalianDark = retentionOffer('it', 'dark');
export const RetentionOfferIndonesianLight = retentionOffer('id', 'light');
export const RetentionOfferIndonesianDark = retentionOffer('id', 'dark');
