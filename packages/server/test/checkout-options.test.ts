import { describe, expect, test } from 'vitest';
import { call, customerOf, makeBilling, payCheckout, subscribeDirectly, useEmulator } from './harness';

// What the Checkout session Plankit creates holds, option by option: Stripe's promotion code field, Stripe Tax,
// the page's language, the metadata that ties the session and its subscription to the user, and the portal the
// already subscribed are sent to.

const env = useEmulator();

/** The params of the last Checkout session creation Stripe received. */
function lastSessionParams() {
  const creations = env.emulator
    .requestLog()
    .filter((entry) => entry.method === 'POST' && entry.path === '/v1/checkout/sessions');
  return creations.at(-1)?.params;
}

describe('Checkout session options', () => {
  test("allowPromotionCodes shows Stripe's code field, unless the browser already sent a code", async () => {
    const billing = makeBilling(env.emulator, {
      checkout: { allowPromotionCodes: true },
      promotionCodes: true,
    });
    const open = await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    const session = await env.stripe.checkout.sessions.retrieve(open.json.sessionId);
    expect(session.allow_promotion_codes).toBe(true);
    expect(session.discounts ?? []).toEqual([]);
    // Stripe refuses both at once: the code sent is the discount, and the field stays off.
    const coded = await call(billing, '/checkout', {
      plan: 'pro',
      interval: 'month',
      promotionCode: 'WELCOME10',
    });
    const withCode = await env.stripe.checkout.sessions.retrieve(coded.json.sessionId);
    expect(withCode.allow_promotion_codes).toBeNull();
    expect(withCode.discounts?.[0]?.promotion_code).toBeTruthy();
    const plain = makeBilling(env.emulator);
    const off = await call(plain, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'other' });
    expect(
      (await env.stripe.checkout.sessions.retrieve(off.json.sessionId)).allow_promotion_codes,
    ).toBeNull();
  });

  test('automaticTax turns on Stripe Tax and lets Checkout save the address and name it needs', async () => {
    const taxed = makeBilling(env.emulator, { checkout: { automaticTax: true } });
    expect((await call(taxed, '/checkout', { plan: 'starter', interval: 'month' })).status).toBe(200);
    expect(lastSessionParams()).toMatchObject({
      automatic_tax: { enabled: 'true' },
      customer_update: { address: 'auto', name: 'auto' },
    });
    const untaxed = makeBilling(env.emulator);
    await call(untaxed, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'untaxed' });
    expect(lastSessionParams()).not.toHaveProperty('automatic_tax');
    expect(lastSessionParams()).not.toHaveProperty('customer_update');
  });

  test("the page's locale becomes Checkout's language; none leaves it to Stripe", async () => {
    const billing = makeBilling(env.emulator);
    const german = await call(billing, '/checkout', { plan: 'starter', interval: 'month', locale: 'de-DE' });
    expect((await env.stripe.checkout.sessions.retrieve(german.json.sessionId)).locale).toBe('de');
    const plain = await call(billing, '/checkout', { plan: 'pro', interval: 'month' });
    expect((await env.stripe.checkout.sessions.retrieve(plain.json.sessionId)).locale).toBeNull();
  });

  test('the session and the subscription it makes carry the user, the plan and the interval', async () => {
    const billing = makeBilling(env.emulator);
    const reply = await call(
      billing,
      '/checkout',
      { plan: 'team', interval: 'year', quantity: 3 },
      { user: 'meta' },
    );
    const session = await env.stripe.checkout.sessions.retrieve(reply.json.sessionId);
    expect(session.metadata).toMatchObject({
      plankit_user_id: 'meta',
      plankit_plan: 'team',
      plankit_interval: 'year',
    });
    expect(session.metadata?.plankit_fingerprint).toMatch(/^[\w-]{32}$/);
    expect(await payCheckout(reply.json.url)).toBe(303);
    const paid = await env.stripe.checkout.sessions.retrieve(session.id);
    const subscription = await env.stripe.subscriptions.retrieve(paid.subscription as string);
    expect(subscription.metadata).toEqual({ plankit_user_id: 'meta', plankit_plan: 'team' });
  });

  test('the already subscribed go to the configured portal, returning where they came from', async () => {
    const configuration = await env.stripe.billingPortal.configurations.create({
      features: { invoice_history: { enabled: true } },
    });
    const billing = makeBilling(env.emulator, { portal: { configuration: configuration.id } });
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' });
    await subscribeDirectly(env.stripe, (await customerOf(env.stripe, 'user_1'))!, ['pro_monthly']);
    env.emulator.clearRequestLog();
    const reply = await call(billing, '/checkout', { plan: 'pro', interval: 'year', returnTo: '/account' });
    expect(reply.json).toMatchObject({ type: 'redirect', reason: 'already_subscribed' });
    const portal = env.emulator
      .requestLog()
      .find((entry) => entry.method === 'POST' && entry.path === '/v1/billing_portal/sessions');
    expect(portal?.params).toEqual({
      customer: expect.stringMatching(/^cus_/),
      return_url: 'https://app.example.com/account',
      configuration: configuration.id,
    });
  });
});
