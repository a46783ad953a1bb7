import { definePlans } from '@plankit/core';
import { planConfig } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import { call, customerOf, makeBilling, stripeCalls, subscribeDirectly, useEmulator } from './harness';
import { statusMakers } from './reach-status';

// The portal's plan-change flows open only for an active or trialing one-item subscription: Stripe refuses the rest.
// The server answers first with a stable code, and never spends (or logs as an error) a refused Stripe call.

const env = useEmulator();
const reachStatus = statusMakers(env);
const flows = [
  { flow: 'subscription_update' },
  { flow: 'subscription_update_confirm', plan: 'pro', interval: 'year' },
] as const;

function portalSessionsCreated(): string[] {
  return stripeCalls(env.emulator).filter((line) => line.startsWith('POST /v1/billing_portal/sessions'));
}

async function customerFor(billing: ReturnType<typeof makeBilling>, user: string): Promise<string> {
  const started = await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  await env.stripe.checkout.sessions.expire(started.json.sessionId);
  return (await customerOf(env.stripe, user))!;
}

describe('POST /portal plan-change flows', () => {
  test.each(['past_due', 'unpaid', 'paused', 'incomplete'] as const)(
    'a %s subscription: 409 subscription_not_active, no portal session',
    async (status) => {
      const billing = makeBilling(env.emulator);
      const user = `user-${status}`;
      const customer = await customerFor(billing, user);
      await reachStatus[status](customer);
      const [subscription] = (await env.stripe.subscriptions.list({ customer, status: 'all' })).data;
      expect(subscription?.status).toBe(status);
      await call(billing, '/plans');
      env.emulator.clearRequestLog();
      for (const flow of flows) {
        const reply = await call(billing, '/portal', { ...flow, subscription: subscription!.id }, { user });
        expect([flow.flow, reply.status, reply.json.error?.code]).toEqual([
          flow.flow,
          409,
          'subscription_not_active',
        ]);
        expect(reply.json.error.message).toBe(
          `The billing portal cannot change a subscription that is ${status}.`,
        );
      }
      expect(portalSessionsCreated()).toEqual([]);
      expect(billing.log.filter((line) => line.startsWith('error'))).toEqual([]);
    },
  );

  test('a plan with an add-on (two items): 400 invalid_request saying why, no portal session', async () => {
    const billing = makeBilling(env.emulator);
    const customer = await customerFor(billing, 'bundle');
    const subscription = await subscribeDirectly(env.stripe, customer, ['team_monthly', 'analytics_monthly']);
    await call(billing, '/plans');
    env.emulator.clearRequestLog();
    for (const flow of flows) {
      const reply = await call(
        billing,
        '/portal',
        { ...flow, subscription: subscription.id },
        { user: 'bundle' },
      );
      expect([flow.flow, reply.status, reply.json.error?.code]).toEqual([flow.flow, 400, 'invalid_request']);
      expect(reply.json.error.message).toMatch(/can only change a one-item subscription/);
    }
    expect(portalSessionsCreated()).toEqual([]);
    expect(billing.log.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  test('an active one-item subscription still opens both flows', async () => {
    const billing = makeBilling(env.emulator);
    const customer = await customerFor(billing, 'single');
    const subscription = await subscribeDirectly(env.stripe, customer, ['pro_monthly']);
    for (const flow of flows) {
      const reply = await call(
        billing,
        '/portal',
        { ...flow, subscription: subscription.id },
        { user: 'single' },
      );
      expect([flow.flow, reply.status, reply.json.type]).toEqual([flow.flow, 200, 'portal']);
    }
  });

  test('a trialing one-item subscription opens both flows when no plan would carry its trial over', async () => {
    // Every plan offers a trial at least as long as the running one, so the trial-carry-over refusal does not apply
    // and the portal guard itself decides: trialing is a status Stripe's portal updates.
    const longTrials = definePlans({
      ...planConfig,
      plans: Object.fromEntries(
        Object.entries(planConfig.plans).map(([key, plan]) => [key, { ...plan, trialDays: 14 }]),
      ),
    });
    const billing = makeBilling(env.emulator, { plans: longTrials });
    const customer = await customerFor(billing, 'trialer');
    await reachStatus.trialing(customer);
    const [subscription] = (await env.stripe.subscriptions.list({ customer })).data;
    expect(subscription?.status).toBe('trialing');
    env.emulator.clearRequestLog();
    for (const flow of flows) {
      const reply = await call(
        billing,
        '/portal',
        { ...flow, subscription: subscription!.id },
        { user: 'trialer' },
      );
      expect([flow.flow, reply.status, reply.json.type]).toEqual([flow.flow, 200, 'portal']);
    }
    expect(portalSessionsCreated()).toHaveLength(flows.length);
  });
});
