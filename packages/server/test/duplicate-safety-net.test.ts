import { describe, expect, test } from 'vitest';
import { cancelDuplicate, liveInKeepOrder } from '../src/webhook/duplicate-safety-net';
import { useEmulator } from './harness';

// The safety net's two building blocks, on real Stripe objects from the emulator: which subscription is kept, and
// canceling a duplicate that another delivery (or instance) may have canceled first.

const env = useEmulator();

async function customerWithCard() {
  const customer = await env.stripe.customers.create({ email: 'dup@example.com' });
  const card = await env.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
  await env.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  return customer.id;
}

async function subscribe(customer: string) {
  const prices = await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] });
  return env.stripe.subscriptions.create({ customer, items: [{ price: prices.data[0]!.id }] });
}

describe('duplicate safety net', () => {
  test('subscriptions created in the same second: the first created is kept, ended ones are ignored', async () => {
    const customer = await customerWithCard();
    const ended = await subscribe(customer);
    await env.stripe.subscriptions.cancel(ended.id);
    const first = await subscribe(customer);
    const second = await subscribe(customer);
    const list = await env.stripe.subscriptions.list({ customer, status: 'all', limit: 100 });
    expect(second.created).toBe(first.created);
    expect(list.data[0]?.id).toBe(second.id);
    expect(liveInKeepOrder(list.data).map((subscription) => subscription.id)).toEqual([first.id, second.id]);
  });

  test('canceling a duplicate cancels it once; one already canceled or gone counts as done', async () => {
    const customer = await customerWithCard();
    const duplicate = await subscribe(customer);
    await cancelDuplicate(env.stripe, duplicate.id);
    const canceled = await env.stripe.subscriptions.retrieve(duplicate.id);
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_details?.comment).toBe('Duplicate subscription canceled by Plankit.');
    await expect(cancelDuplicate(env.stripe, duplicate.id)).resolves.toBeUndefined();
    await expect(cancelDuplicate(env.stripe, 'sub_does_not_exist')).resolves.toBeUndefined();
  });

  test('any other Stripe error is not swallowed (the event answers 5xx and Stripe retries it)', async () => {
    const customer = await customerWithCard();
    const duplicate = await subscribe(customer);
    env.emulator.failNext({
      fault: 'api_error',
      count: 5,
      match: { method: 'DELETE', path: `/v1/subscriptions/${duplicate.id}` },
    });
    await expect(cancelDuplicate(env.stripe, duplicate.id)).rejects.toMatchObject({ type: 'StripeAPIError' });
    expect((await env.stripe.subscriptions.retrieve(duplicate.id)).status).toBe('active');
  });

  test('the oldest is kept whatever order the list comes in (creation time decides, not position)', async () => {
    const customer = await customerWithCard();
    const older = await subscribe(customer);
    env.emulator.advanceClock(60);
    const newer = await subscribe(customer);
    expect(newer.created).toBeGreaterThan(older.created);
    expect(liveInKeepOrder([older, newer]).map((subscription) => subscription.id)).toEqual([
      older.id,
      newer.id,
    ]);
    expect(liveInKeepOrder([newer, older]).map((subscription) => subscription.id)).toEqual([
      older.id,
      newer.id,
    ]);
  });

  test('a refusal other than "already canceled" or "gone" is not swallowed', async () => {
    const customer = await customerWithCard();
    const duplicate = await subscribe(customer);
    env.emulator.failNext({
      fault: 'invalid_request',
      code: 'parameter_invalid',
      match: { method: 'DELETE', path: `/v1/subscriptions/${duplicate.id}` },
    });
    await expect(cancelDuplicate(env.stripe, duplicate.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      code: 'parameter_invalid',
    });
    expect((await env.stripe.subscriptions.retrieve(duplicate.id)).status).toBe('active');
  });
});
