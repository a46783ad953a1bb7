// @vitest-environment-options { "url": "https://app.example.com/pricing" }
import { definePlans } from '@plankit/core';
import { createMemoryStore, createPlankit, type PlankitOptions } from '@plankit/server';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import { planConfig, retentionCouponId, seedWithPortal } from '@plankit/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../src/client';
import { CancelWithReason } from '../src/components/cancel-with-reason/cancel-with-reason';
import { UpdatePaymentMethodButton } from '../src/components/manage-subscription-button/manage-subscription-button';
import { PastDueBanner } from '../src/components/past-due-banner/past-due-banner';
import { PlanSwitchConfirm } from '../src/components/plan-switch-confirm/plan-switch-confirm';
import type { PlanSelection } from '../src/components/pricing-table/plan-card';
import { PricingTable } from '../src/components/pricing-table/pricing-table';
import { renderWithPlankit } from './render';

/*
 * The components against the real @plankit/server handler, in process, on the Stripe emulator (real HTTP,
 * real `stripe` SDK). No hand-written responses: every answer comes from the server.
 */

const appOrigin = 'https://app.example.com';
const plans = definePlans(planConfig);
let emulator: Emulator;
let stripe: Stripe;
let user = 0;
let currentUser = '';

const seed = seedWithPortal;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, seed });
  stripe = new Stripe(emulator.secretKey, {
    ...emulator.stripeConfig,
    maxNetworkRetries: 2,
    timeout: 10_000,
  });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => {
  currentUser = `user_${++user}`;
});

/** A `fetch` into the server's handler, as the browser would call it: same origin, signed in by a header. */
function serverFetch(overrides: Partial<PlankitOptions> = {}): FetchLike {
  const billing = createPlankit({
    stripe,
    identify: (request) => {
      const userId = request.headers.get('x-test-user');
      return userId ? { userId, email: `${userId}@example.com` } : null;
    },
    plans,
    allowedOrigins: [appOrigin],
    store: createMemoryStore(),
    logger: { warn: () => {}, error: () => {} },
    retention: { couponId: retentionCouponId },
    cancel: { modes: ['at_period_end', 'portal'] },
    planChange: { inApp: true },
    ...overrides,
  });
  return (url, init) => {
    const request = new Request(appOrigin + url, init);
    // The browser adds Origin itself; happy-dom's Request drops it from init (a forbidden header), so set it after.
    request.headers.set('origin', appOrigin);
    request.headers.set('x-test-user', currentUser);
    return billing.handler(request);
  };
}

/** The signed-in user subscribes directly in Stripe (as if Checkout had been paid). */
async function subscribe(lookupKey: string) {
  const customer = await stripe.customers.create({
    email: `${currentUser}@example.com`,
    metadata: { plankit_user_id: currentUser },
  });
  const prices = await stripe.prices.list({ lookup_keys: [lookupKey] });
  return stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: prices.data[0]!.id }],
    default_payment_method: 'pm_card_visa',
  });
}

/** A pricing table whose Switch opens the confirmation dialog. */
function SwitchPage({ mode }: { mode: 'portal' | 'in-app' }) {
  const [change, setChange] = useState<PlanSelection | null>(null);
  return (
    <>
      <PricingTable onSwitch={setChange} />
      <PlanSwitchConfirm change={change} onClose={() => setChange(null)} mode={mode} />
    </>
  );
}

const plan = (name: string) => screen.findByRole('listitem', { name });

describe('components on the real server and the emulator', () => {
  it('subscribe: Checkout for the chosen plan, seats and add-on', async () => {
    const { navigate } = renderWithPlankit(<PricingTable />, { fetch: serverFetch() });
    const team = await plan('Team');
    await userEvent.click(within(team).getByRole('button', { name: 'Add one' }));
    await userEvent.click(within(team).getByRole('checkbox', { name: /Advanced analytics/ }));
    // "Subscribe" once the subscription is known (until then the action says "Loading…").
    await userEvent.click(await within(team).findByRole('button', { name: 'Subscribe Team' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    const url = navigate.mock.calls[0]![0];
    expect(url.startsWith(emulator.url)).toBe(true);
    const sessions = await stripe.checkout.sessions.list({ limit: 100, expand: ['data.line_items'] });
    const session = sessions.data.find((entry) => url.includes(entry.id)) ?? sessions.data[0]!;
    expect(session.metadata?.plankit_user_id).toBe(currentUser);
    expect(session.line_items?.data.map((item) => [item.price?.lookup_key, item.quantity])).toEqual([
      ['team_monthly', 3],
      ['analytics_monthly', 1],
    ]);
  });

  it('signed out: Subscribe is handed to onUnauthenticated, without an error or a Checkout session', async () => {
    currentUser = '';
    const checkoutsBefore = (await stripe.checkout.sessions.list({ limit: 100 })).data.length;
    const visitors: PlanSelection[] = [];
    const { navigate } = renderWithPlankit(
      <PricingTable onUnauthenticated={(selection) => visitors.push(selection)} />,
      { fetch: serverFetch() },
    );
    await userEvent.click(await within(await plan('Pro')).findByRole('button', { name: 'Subscribe Pro' }));
    await waitFor(() => expect(visitors).toMatchObject([{ plan: 'pro', interval: 'month' }]));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(navigate).not.toHaveBeenCalled();
    expect((await stripe.checkout.sessions.list({ limit: 100 })).data.length).toBe(checkoutsBefore);
  });

  it('already subscribed: a stale page’s Subscribe says so, refetches, and goes to the portal on Manage it; a fresh one shows Current plan', async () => {
    await subscribe('pro_monthly');
    const fetch = serverFetch();
    const stale = renderWithPlankit(<PricingTable />, {
      fetch,
      initialData: { subscription: { subscriptions: [] } },
    });
    // The stale page still offers Subscribe; the server refuses a second subscription and answers with the portal.
    await userEvent.click(within(await plan('Starter')).getByRole('button', { name: 'Subscribe Starter' }));
    const notice = await screen.findByText(/^You already have a subscription\./);
    expect(stale.navigate).not.toHaveBeenCalled();
    await within(await plan('Pro')).findByText('Current plan');
    await userEvent.click(within(notice).getByRole('button', { name: 'Manage it' }));
    await waitFor(() => expect(stale.navigate).toHaveBeenCalledTimes(1));
    expect(stale.navigate.mock.calls[0]![0].startsWith(emulator.url)).toBe(true);
    stale.unmount();
    const checkoutsBefore = (await stripe.checkout.sessions.list({ limit: 100 })).data.length;

    renderWithPlankit(<PricingTable />, { fetch });
    const pro = await plan('Pro');
    await within(pro).findByText('Current plan');
    expect(within(pro).getByRole('button', { name: 'Manage Pro' })).toBeTruthy();
    expect(within(await plan('Starter')).getByRole('button', { name: 'Switch Starter' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Subscribe / })).toBeNull();
    expect((await stripe.checkout.sessions.list({ limit: 100 })).data.length).toBe(checkoutsBefore);
  });

  it('switch with preview: the dialog shows the proration, then applies the change in the app', async () => {
    const subscription = await subscribe('starter_monthly');
    renderWithPlankit(<SwitchPage mode="in-app" />, { fetch: serverFetch() });
    await userEvent.click(await within(await plan('Pro')).findByRole('button', { name: 'Switch Pro' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Switch plan' });
    expect(within(dialog).getByText('From Starter (Monthly) to Pro (Monthly)')).toBeTruthy();
    const dueToday = await within(dialog).findByText(/^-?\$[\d,.]+$/, {
      selector: '[data-plankit-part="due-today"]',
    });
    expect(dueToday.textContent).toMatch(/\$/);
    // The next invoice: the new price, plus the proration unless the server invoices it right away.
    expect(within(dialog).getByText(/^\$[\d,.]+ on /)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    const updated = await stripe.subscriptions.retrieve(subscription.id);
    expect(updated.items.data.map((item) => item.price.lookup_key)).toEqual(['pro_monthly']);
    await within(await plan('Pro')).findByText('Current plan');
  });

  it('switch through the portal: subscription_update_confirm deep link', async () => {
    await subscribe('starter_monthly');
    const { navigate } = renderWithPlankit(<SwitchPage mode="portal" />, { fetch: serverFetch() });
    await userEvent.click(await within(await plan('Team')).findByRole('button', { name: 'Switch Team' }));
    const dialog = screen.getByRole('alertdialog');
    await within(dialog).findByText(/^\$\d+ on /);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Confirm switch' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(navigate.mock.calls[0]![0].startsWith(emulator.url)).toBe(true);
    // Confirming on Stripe's page brings the customer back to the page the switch started on.
    const session = Object.values(emulator.state.portalSessions).find(
      (candidate) => candidate.url === navigate.mock.calls[0]![0],
    );
    expect(session?.flow?.type).toBe('subscription_update_confirm');
    expect(session?.flow?.after_completion).toMatchObject({
      type: 'redirect',
      redirect: { return_url: `${appOrigin}/pricing` },
    });
  });

  it('cancel with reason and retention: the offer is accepted and the discount applied', async () => {
    const subscription = await subscribe('pro_monthly');
    renderWithPlankit(<CancelWithReason />, { fetch: serverFetch() });
    await userEvent.click(await screen.findByRole('radio', { name: 'It’s too expensive' }));
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect(await screen.findByText('Stay and get 25% off for 3 months.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Accept offer' }));
    expect(await screen.findByText('The discount is applied. Thank you for staying!')).toBeTruthy();
    const kept = await stripe.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
    expect(kept.cancel_at_period_end).toBe(false);
    expect(JSON.stringify(kept.discounts)).toContain(retentionCouponId);
  });

  it('cancel with reason, declining the offer, then resume', async () => {
    const subscription = await subscribe('pro_monthly');
    renderWithPlankit(<CancelWithReason />, { fetch: serverFetch() });
    await userEvent.click(await screen.findByRole('radio', { name: 'Other reason' }));
    await userEvent.type(screen.getByLabelText('Tell us more'), 'Budget freeze');
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await userEvent.click(await screen.findByRole('button', { name: 'No thanks, cancel' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel subscription' }));
    expect(await screen.findByRole('heading', { name: /^Cancels on / })).toBeTruthy();
    const canceled = await stripe.subscriptions.retrieve(subscription.id);
    expect(canceled.cancel_at_period_end).toBe(true);
    expect(canceled.cancellation_details).toMatchObject({ feedback: 'other', comment: 'Budget freeze' });

    await userEvent.click(screen.getByRole('button', { name: 'Resume subscription' }));
    expect(await screen.findByRole('heading', { name: 'Cancel subscription' })).toBeTruthy();
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);
  });

  it('cancel through the portal deep link when the app chooses it', async () => {
    await subscribe('starter_monthly');
    const { navigate } = renderWithPlankit(<CancelWithReason mode="portal" />, {
      fetch: serverFetch({ retention: undefined }),
    });
    await userEvent.click(await screen.findByRole('radio', { name: 'I no longer need it' }));
    await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel subscription' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(navigate.mock.calls[0]![0].startsWith(emulator.url)).toBe(true);
  });

  it('payment method update: the button opens the payment_method_update deep link', async () => {
    await subscribe('starter_monthly');
    const { navigate } = renderWithPlankit(<UpdatePaymentMethodButton returnTo="/billing" />, {
      fetch: serverFetch(),
    });
    await userEvent.click(screen.getByRole('button', { name: 'Update payment method' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
    expect(navigate.mock.calls[0]![0].startsWith(emulator.url)).toBe(true);
  });

  it('past due: a failed renewal shows the banner, which links to the payment method update', async () => {
    // Paid once with a good card, then the card on file starts declining before the renewal.
    const subscription = await subscribe('starter_monthly');
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', {
      customer: subscription.customer as string,
    });
    await stripe.subscriptions.update(subscription.id, { default_payment_method: failing.id });
    emulator.advanceClock(32 * 24 * 60 * 60);
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe('past_due');
    const { navigate } = renderWithPlankit(<PastDueBanner />, { fetch: serverFetch() });
    const banner = await screen.findByRole('region', { name: 'Payment issue' }, { timeout: 5000 });
    await userEvent.click(within(banner).getByRole('button', { name: 'Update payment method' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledTimes(1));
  });
});
