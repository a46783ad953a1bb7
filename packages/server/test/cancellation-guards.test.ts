import { retentionCouponId } from '@plankit/test-utils';
import { describe, expect, test } from 'vitest';
import type { PlankitOptions } from '../src/index';
import { call, customerOf, makeBilling, postSignedEvent, subscribeDirectly, useEmulator } from './harness';
import { useWebhookEndpoint } from './webhook-endpoint';

const env = useEmulator();
const inTenDays = () => Math.floor(Date.now() / 1000) + 10 * 24 * 60 * 60;

async function subscribed(billing: ReturnType<typeof makeBilling>, user: string) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user)) as string;
  return subscribeDirectly(env.stripe, customer, ['pro_monthly']);
}

/** The handler over real HTTP, registered as the emulator's webhook endpoint. */
const deliverTo = useWebhookEndpoint(env);

describe('cancellations the merchant scheduled stay scheduled (issue 15.10)', () => {
  const options: Partial<PlankitOptions> = {
    retention: { couponId: retentionCouponId },
    cancel: { modes: ['at_period_end', 'portal'] },
  };

  test('/resume, /retention/accept and /cancel leave a cancel_at the merchant set alone', async () => {
    const billing = makeBilling(env.emulator, options);
    const subscription = await subscribed(billing, 'mona');
    const date = inTenDays();
    await env.stripe.subscriptions.update(subscription.id, { cancel_at: date });
    const resume = await call(billing, '/resume', { subscription: subscription.id }, { user: 'mona' });
    expect(resume.status).toBe(409);
    expect(resume.json.error.code).toBe('subscription_not_active');
    // No offer for a cancellation accepting would not lift, and no rescheduling to a later period end.
    const cancel = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive', mode: 'at_period_end' },
      { user: 'mona' },
    );
    expect(cancel.status).toBe(409);
    const accept = await call(
      billing,
      '/retention/accept',
      { subscription: subscription.id },
      { user: 'mona' },
    );
    expect(accept.json.error.code).toBe('retention_unavailable');
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.cancel_at).toBe(date);
    expect(after.discounts).toEqual([]);
  });

  test("the customer's own cancellation is resumable, but not once the merchant moved its date", async () => {
    const billing = makeBilling(env.emulator, options);
    const subscription = await subscribed(billing, 'nils');
    const cancel = {
      subscription: subscription.id,
      reason: 'unused',
      mode: 'at_period_end',
      declineOffer: true,
    };
    expect((await call(billing, '/cancel', cancel, { user: 'nils' })).json.type).toBe('canceled');
    const resumed = await call(billing, '/resume', { subscription: subscription.id }, { user: 'nils' });
    expect(resumed.json.type).toBe('resumed');
    expect((await call(billing, '/cancel', cancel, { user: 'nils' })).json.type).toBe('canceled');
    const date = inTenDays();
    await env.stripe.subscriptions.update(subscription.id, { cancel_at: date });
    const refused = await call(billing, '/resume', { subscription: subscription.id }, { user: 'nils' });
    expect(refused.status).toBe(409);
    expect((await env.stripe.subscriptions.retrieve(subscription.id)).cancel_at).toBe(date);
  });

  test('cancel.liftAnyCancellation lets /resume lift a cancellation set elsewhere', async () => {
    const billing = makeBilling(env.emulator, { cancel: { modes: ['portal'], liftAnyCancellation: true } });
    const subscription = await subscribed(billing, 'olga');
    await env.stripe.subscriptions.update(subscription.id, { cancel_at: inTenDays() });
    const resumed = await call(billing, '/resume', { subscription: subscription.id }, { user: 'olga' });
    expect(resumed.json).toMatchObject({ type: 'resumed', subscription: { cancelAt: null } });
  });
});

describe('portal cancel mode: the reason waits for the confirmation (issue 15.10)', () => {
  test('no reason on a subscription whose cancellation was never confirmed; recorded once it is', async () => {
    const billing = await deliverTo({}, { cancel: { modes: ['portal'] } });
    const subscription = await subscribed(billing, 'pia');
    const reply = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'missing_features', comment: 'No export' },
      { user: 'pia' },
    );
    expect(reply.json.type).toBe('portal');
    await env.emulator.waitForWebhooks();
    const abandoned = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(abandoned.cancellation_details?.feedback ?? null).toBeNull();
    expect(abandoned.cancellation_details?.comment ?? null).toBeNull();
    // The customer confirms in the portal (the portal schedules the cancellation at period end).
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await env.emulator.waitForWebhooks();
    await env.emulator.waitForWebhooks();
    const confirmed = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(confirmed.cancellation_details).toMatchObject({
      feedback: 'missing_features',
      comment: 'No export',
    });
  });

  test("the portal survey's answer wins over the reason given in the app", async () => {
    const billing = await deliverTo({}, { cancel: { modes: ['portal'] } });
    const subscription = await subscribed(billing, 'quentin');
    await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'quentin' },
    );
    await env.stripe.subscriptions.update(subscription.id, {
      cancel_at_period_end: true,
      cancellation_details: { feedback: 'switched_service' },
    });
    await env.emulator.waitForWebhooks();
    const confirmed = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(confirmed.cancellation_details?.feedback).toBe('switched_service');
  });

  test("the survey's answer wins when the portal sends it in a later update than the cancellation", async () => {
    const secret = 'whsec_test_two_updates';
    const billing = makeBilling(env.emulator, { cancel: { modes: ['portal'] }, webhook: { secret } });
    const subscription = await subscribed(billing, 'rosa');
    await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'rosa' },
    );
    // As Stripe's portal: the cancellation is scheduled in one update, the survey answer saved in a later one.
    await env.stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    await env.stripe.subscriptions.update(subscription.id, {
      cancellation_details: { feedback: 'switched_service' },
    });
    // The first update's event reaches Plankit only after the survey was saved (deliveries are late and shuffled).
    const scheduled = env.emulator
      .events()
      .find(
        (event) =>
          event.type === 'customer.subscription.updated' &&
          (event.data.object as { id: string; cancel_at_period_end: boolean }).id === subscription.id &&
          (event.data.object as { cancel_at_period_end: boolean }).cancel_at_period_end &&
          !(event.data.object as { cancellation_details?: { feedback: string | null } }).cancellation_details
            ?.feedback,
      );
    expect(scheduled).toBeDefined();
    const reply = await postSignedEvent(env.stripe, billing, secret, scheduled);
    expect(reply.status).toBe(200);
    const confirmed = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(confirmed.cancellation_details?.feedback).toBe('switched_service');
  });
});
