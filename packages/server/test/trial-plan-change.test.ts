import { definePlans } from '@plankit/core';
import { planConfig } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { describe, expect, test, vi } from 'vitest';
import type { PlankitContext } from '../src/context';
import { trialEndOnChange } from '../src/subscriptions/trial-on-change';
import { call, customerOf, makeBilling, plans, stripeCalls, useEmulator } from './harness';

const env = useEmulator();
const day = 24 * 60 * 60;

/** A user trialing `pro` for 14 days, as Checkout leaves a first subscription. */
async function trialingPro(billing: ReturnType<typeof makeBilling>, user: string) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user)) as string;
  const [price] = (await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
  const subscription = await env.stripe.subscriptions.create({
    customer,
    items: [{ price: (price as Stripe.Price).id }],
    trial_period_days: 14,
    default_payment_method: 'pm_card_visa',
  });
  expect(subscription.status).toBe('trialing');
  return subscription;
}

const toTeam = (subscription: string) => ({
  subscription,
  plan: 'team',
  interval: 'month',
  quantity: 50,
  addOns: ['analytics'],
});

describe('a plan change during a trial (issue 15.1)', () => {
  test('to a plan without a trial ends the trial now: the preview says what is charged, and Stripe charges it', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const subscription = await trialingPro(billing, 'tess');
    const preview = await call(billing, '/preview-change', toTeam(subscription.id), { user: 'tess' });
    expect(preview.status).toBe(200);
    // 50 seats x $12 + the $5 add-on, due at once; no trial left.
    expect(preview.json.dueNow).toBe(50 * 1200 + 500);
    expect(preview.json.trialEnd).toBeNull();
    const applied = await call(
      billing,
      '/change-plan',
      { ...toTeam(subscription.id), prorationDate: preview.json.prorationDate },
      { user: 'tess' },
    );
    expect(applied.status).toBe(200);
    expect(applied.json.subscription.status).toBe('active');
    const after = await env.stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
    expect(after.status).toBe('active');
    expect(after.trial_end).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 5);
    expect((after.latest_invoice as Stripe.Invoice).total).toBe(preview.json.dueNow);
    expect((after.latest_invoice as Stripe.Invoice).status).toBe('paid');
  });

  test('to a plan with a shorter trial caps the trial to that plan from the trial start', async () => {
    const plans = definePlans({
      ...planConfig,
      plans: { ...planConfig.plans, team: { ...planConfig.plans.team!, trialDays: 7 } },
    });
    const billing = makeBilling(env.emulator, { plans, planChange: { inApp: true } });
    const subscription = await trialingPro(billing, 'uma');
    const cap = (subscription.trial_start as number) + 7 * day;
    const preview = await call(billing, '/preview-change', toTeam(subscription.id), { user: 'uma' });
    expect(preview.json.dueNow).toBe(0);
    expect(preview.json.trialEnd).toBe(new Date(cap * 1000).toISOString());
    expect(preview.json.nextInvoice.date).toBe(new Date(cap * 1000).toISOString());
    const applied = await call(billing, '/change-plan', toTeam(subscription.id), { user: 'uma' });
    expect(applied.status).toBe(200);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.status).toBe('trialing');
    expect(after.trial_end).toBe(cap);
  });

  test('a switch within the trial plan keeps the trial (same trial length)', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const subscription = await trialingPro(billing, 'vic');
    const applied = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'pro', interval: 'month', addOns: ['analytics'] },
      { user: 'vic' },
    );
    expect(applied.status).toBe(200);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.status).toBe('trialing');
    expect(after.trial_end).toBe(subscription.trial_end);
  });

  test("duringTrial: 'refuse' refuses a change that shortens the trial, leaving the subscription alone; one that keeps it goes through", async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true, duringTrial: 'refuse' } });
    const subscription = await trialingPro(billing, 'wes');
    env.emulator.clearRequestLog();
    for (const path of ['/preview-change', '/change-plan']) {
      const reply = await call(billing, path, toTeam(subscription.id), { user: 'wes' });
      expect(reply.status, path).toBe(409);
      expect(reply.json.error).toMatchObject({
        code: 'subscription_not_active',
        message: 'This plan cannot be chosen during the trial.',
      });
    }
    expect(stripeCalls(env.emulator).filter((line) => line.startsWith('POST'))).toEqual([]);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]?.price.lookup_key).toBe('pro_monthly');
    // A plan whose trial is as long as the running one keeps it: only a shortened trial is refused.
    const same = { subscription: subscription.id, plan: 'pro', interval: 'month', addOns: ['analytics'] };
    expect((await call(billing, '/change-plan', same, { user: 'wes' })).status).toBe(200);
  });

  test('the portal update flows are not minted where they would carry the trial over', async () => {
    const billing = makeBilling(env.emulator);
    const subscription = await trialingPro(billing, 'xia');
    env.emulator.clearRequestLog();
    const update = await call(
      billing,
      '/portal',
      { flow: 'subscription_update', subscription: subscription.id },
      { user: 'xia' },
    );
    expect(update.status).toBe(409);
    const confirm = await call(
      billing,
      '/portal',
      {
        flow: 'subscription_update_confirm',
        subscription: subscription.id,
        plan: 'starter',
        interval: 'month',
      },
      { user: 'xia' },
    );
    expect(confirm.status).toBe(409);
    expect(confirm.json.error.code).toBe('subscription_not_active');
    expect(stripeCalls(env.emulator).filter((line) => line.includes('billing_portal'))).toEqual([]);
    // Cancelling through the portal stays possible during the trial.
    const cancel = await call(
      billing,
      '/portal',
      { flow: 'subscription_cancel', subscription: subscription.id },
      { user: 'xia' },
    );
    expect(cancel.status).toBe(200);
  });

  test('after the trial has ended, the portal update flows open (a past trial is not carried over)', async () => {
    const billing = makeBilling(env.emulator);
    const subscription = await trialingPro(billing, 'yan');
    // A minute into the trial, it is ended: active, with a trial that lasted 60 s.
    env.emulator.advanceClock(60);
    await env.stripe.subscriptions.update(subscription.id, { trial_end: 'now' });
    const ended = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(ended.status).toBe('active');
    expect(ended.trial_end).toBeGreaterThan(ended.trial_start as number);
    for (const flow of [
      { flow: 'subscription_update' },
      { flow: 'subscription_update_confirm', plan: 'starter', interval: 'month' },
    ]) {
      const reply = await call(
        billing,
        '/portal',
        { ...flow, subscription: subscription.id },
        { user: 'yan' },
      );
      expect([flow.flow, reply.status]).toEqual([flow.flow, 200]);
    }
  });

  test('where every plan trials as long, the portal update flows open during a trial counted from its own start', async () => {
    const fourteenDays = Object.fromEntries(
      Object.entries(planConfig.plans).map(([key, plan]) => [key, { ...plan, trialDays: 14 }]),
    );
    const billing = makeBilling(env.emulator, { plans: definePlans({ ...planConfig, plans: fourteenDays }) });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'zoe' });
    const customer = (await customerOf(env.stripe, 'zoe')) as string;
    const [price] = (await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
    const running = await env.stripe.subscriptions.create({
      customer,
      items: [{ price: (price as Stripe.Price).id }],
      default_payment_method: 'pm_card_visa',
    });
    // An hour after it started, the merchant gives it a 14-day trial: the trial starts later than the subscription.
    env.emulator.advanceClock(60 * 60);
    const subscription = await env.stripe.subscriptions.update(running.id, {
      trial_end: env.emulator.now() + 14 * day,
    });
    expect(subscription.status).toBe('trialing');
    expect(subscription.trial_start).toBeGreaterThan(subscription.start_date);
    for (const flow of [
      { flow: 'subscription_update' },
      { flow: 'subscription_update_confirm', plan: 'team', interval: 'month', quantity: 2 },
    ]) {
      const reply = await call(
        billing,
        '/portal',
        { ...flow, subscription: subscription.id },
        { user: 'zoe' },
      );
      expect([flow.flow, reply.status, reply.json.error]).toEqual([flow.flow, 200, undefined]);
    }
  });
});

describe('trialEndOnChange at the second the capped trial ends', () => {
  test("a cap that is now ends the trial 'now': Stripe refuses a trial_end that is not in the future", () => {
    const now = 1_800_000_000;
    const trialing = {
      status: 'trialing',
      trial_start: now,
      start_date: now,
      trial_end: now + 14 * day,
    } as Stripe.Subscription;
    const context = { plans, options: {} } as unknown as PlankitContext;
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now * 1000);
    try {
      // `team` has no trial: the cap is the trial's start, this very second.
      expect(trialEndOnChange(context, trialing, 'team')).toBe('now');
      // One second later the cap is in the past: still 'now'.
      clock.mockReturnValue((now + 1) * 1000);
      expect(trialEndOnChange(context, trialing, 'team')).toBe('now');
    } finally {
      clock.mockRestore();
    }
  });
});
