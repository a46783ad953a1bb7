import { definePlans } from '@plankit/core';
import { planConfig } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { call, customerOf, makeBilling, stripeCalls, useEmulator } from './harness';
import { statusMakers } from './reach-status';

// What `POST /change-plan` sends to Stripe for a subscription with add-ons: the plan item and each add-on keep their
// item ids and get the new prices, dropped add-ons are deleted, items the catalog does not know are left alone, and a
// request that changes nothing is `no_change` before Stripe is called.

const env = useEmulator();
const reachStatus = statusMakers(env);

/** The test catalog plus a second add-on on `team` (its prices are created in the emulator by `addReports`). */
const plansWithReports = definePlans({
  ...planConfig,
  plans: { ...planConfig.plans, team: { ...planConfig.plans.team!, addOns: ['analytics', 'reports'] } },
  addOns: {
    ...planConfig.addOns,
    reports: { prices: { month: 'reports_monthly', year: 'reports_yearly' } },
  },
});

async function addReports(): Promise<void> {
  const product = await env.stripe.products.create({ name: 'Reports' });
  for (const [interval, amount] of [
    ['month', 300],
    ['year', 3000],
  ] as const) {
    await env.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: amount,
      recurring: { interval },
      lookup_key: `reports_${interval}ly`,
    });
  }
}

/** A user with a customer made through the server and a subscription holding exactly these items. */
async function subscribedTo(
  billing: ReturnType<typeof makeBilling>,
  user: string,
  items: [string, number][],
) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user))!;
  const prices = await env.stripe.prices.list({ lookup_keys: items.map(([key]) => key) });
  return env.stripe.subscriptions.create({
    customer,
    items: items.map(([key, quantity]) => ({
      price: prices.data.find((price) => price.lookup_key === key)!.id,
      quantity,
    })),
    default_payment_method: 'pm_card_visa',
  });
}

/** A monthly price on the `pro` product that the catalog does not know (no lookup key), as a grandfathered price. */
async function unknownPrice(): Promise<Stripe.Price> {
  const [pro] = (await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
  return env.stripe.prices.create({
    product: (pro as Stripe.Price).product as string,
    currency: 'usd',
    unit_amount: 1000,
    recurring: { interval: 'month' },
  });
}

/**
 * A user subscribed to `pro_monthly` plus an item on a price the catalog does not know (no lookup key), in the
 * given order: Stripe keeps the items in the order they were added.
 */
async function subscribedWithUnknownItem(
  billing: ReturnType<typeof makeBilling>,
  user: string,
  order: 'plan first' | 'unknown first',
) {
  const [pro] = (await env.stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
  const support = await unknownPrice();
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user))!;
  const items = [{ price: (pro as Stripe.Price).id }, { price: support.id }];
  const subscription = await env.stripe.subscriptions.create({
    customer,
    items: order === 'plan first' ? items : items.reverse(),
    default_payment_method: 'pm_card_visa',
  });
  return { subscription, support };
}

/** The subscription's items in Stripe as [item id, lookup key, quantity], by lookup key. */
async function itemsInStripe(subscription: string): Promise<[string, string | null, number | undefined][]> {
  const current = await env.stripe.subscriptions.retrieve(subscription);
  return current.items.data
    .map((item): [string, string | null, number | undefined] => [
      item.id,
      item.price.lookup_key,
      item.quantity,
    ])
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
}

function idOf(subscription: Stripe.Subscription, lookupKey: string): string {
  return subscription.items.data.find((item) => item.price.lookup_key === lookupKey)!.id;
}

function subscriptionUpdates(subscription: string): string[] {
  return stripeCalls(env.emulator).filter((line) => line === `POST /v1/subscriptions/${subscription}`);
}

describe('POST /change-plan on a subscription with add-ons', () => {
  test('a new interval moves every add-on item to its price for that interval, keeping each item id', async () => {
    await addReports();
    const billing = makeBilling(env.emulator, { plans: plansWithReports, planChange: { inApp: true } });
    const subscription = await subscribedTo(billing, 'ada', [
      ['team_monthly', 3],
      ['analytics_monthly', 1],
      ['reports_monthly', 1],
    ]);
    // No `addOns` in the request: the subscription's add-ons are kept.
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'team', interval: 'year', quantity: 3 },
      { user: 'ada' },
    );
    expect(reply.status).toBe(200);
    expect(reply.json.subscription).toMatchObject({ planKey: 'team', interval: 'year', quantity: 3 });
    expect(reply.json.subscription.addOns.sort()).toEqual(['analytics', 'reports']);
    expect(await itemsInStripe(subscription.id)).toEqual([
      [idOf(subscription, 'analytics_monthly'), 'analytics_yearly', 1],
      [idOf(subscription, 'reports_monthly'), 'reports_yearly', 1],
      [idOf(subscription, 'team_monthly'), 'team_yearly', 3],
    ]);
  });

  test('the plan item is found by its price, wherever it stands among the items', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    // The add-on first: Stripe keeps the items in the order they were added.
    const subscription = await subscribedTo(billing, 'abe', [
      ['analytics_monthly', 1],
      ['team_monthly', 3],
    ]);
    expect(subscription.items.data.map((item) => item.price.lookup_key)).toEqual([
      'analytics_monthly',
      'team_monthly',
    ]);
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'team', interval: 'year', quantity: 3 },
      { user: 'abe' },
    );
    expect(reply.status).toBe(200);
    expect(await itemsInStripe(subscription.id)).toEqual([
      [idOf(subscription, 'analytics_monthly'), 'analytics_yearly', 1],
      [idOf(subscription, 'team_monthly'), 'team_yearly', 3],
    ]);
  });

  test('a per-seat add-on follows the seats it had, and the seats are kept when the request names none', async () => {
    const perSeatAnalytics = definePlans({
      ...planConfig,
      addOns: { analytics: { ...planConfig.addOns!.analytics!, perSeat: true } },
    });
    const billing = makeBilling(env.emulator, { plans: perSeatAnalytics, planChange: { inApp: true } });
    const subscription = await subscribedTo(billing, 'ava', [
      ['team_monthly', 3],
      ['analytics_monthly', 3],
    ]);
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'team', interval: 'year' },
      { user: 'ava' },
    );
    expect(reply.status).toBe(200);
    expect(await itemsInStripe(subscription.id)).toEqual([
      [idOf(subscription, 'analytics_monthly'), 'analytics_yearly', 3],
      [idOf(subscription, 'team_monthly'), 'team_yearly', 3],
    ]);
  });

  test('an add-on left out of the request is deleted; the plan item stays as it is', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const subscription = await subscribedTo(billing, 'bea', [
      ['team_monthly', 3],
      ['analytics_monthly', 1],
    ]);
    env.emulator.clearRequestLog();
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'team', interval: 'month', quantity: 3, addOns: [] },
      { user: 'bea' },
    );
    expect(reply.status).toBe(200);
    expect(reply.json.subscription.addOns).toEqual([]);
    const update = env.emulator
      .requestLog()
      .find((entry) => entry.method === 'POST' && entry.path === `/v1/subscriptions/${subscription.id}`);
    expect(update?.params).toMatchObject({
      items: [
        { id: idOf(subscription, 'team_monthly') },
        { id: idOf(subscription, 'analytics_monthly'), deleted: 'true' },
      ],
    });
    expect(await itemsInStripe(subscription.id)).toEqual([
      [idOf(subscription, 'team_monthly'), 'team_monthly', 3],
    ]);
  });

  test('an add-on quantity changed outside the kit is a change: the request puts it back to one', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const subscription = await subscribedTo(billing, 'cid', [
      ['team_monthly', 3],
      ['analytics_monthly', 2],
    ]);
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'team', interval: 'month', quantity: 3, addOns: ['analytics'] },
      { user: 'cid' },
    );
    expect(reply.status).toBe(200);
    expect(await itemsInStripe(subscription.id)).toEqual([
      [idOf(subscription, 'analytics_monthly'), 'analytics_monthly', 1],
      [idOf(subscription, 'team_monthly'), 'team_monthly', 3],
    ]);
  });

  test('more seats with the add-on kept is a change; the same bundle again is no_change, without a Stripe write', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const subscription = await subscribedTo(billing, 'dan', [
      ['team_monthly', 3],
      ['analytics_monthly', 1],
    ]);
    const same = { subscription: subscription.id, plan: 'team', interval: 'month', addOns: ['analytics'] };
    env.emulator.clearRequestLog();
    const unchanged = await call(billing, '/change-plan', { ...same, quantity: 3 }, { user: 'dan' });
    expect([unchanged.status, unchanged.json.error?.code]).toEqual([400, 'no_change']);
    expect(subscriptionUpdates(subscription.id)).toEqual([]);
    const more = await call(billing, '/change-plan', { ...same, quantity: 4 }, { user: 'dan' });
    expect(more.status).toBe(200);
    // The add-on is not per seat: it stays at one while the plan gets the fourth seat.
    expect(await itemsInStripe(subscription.id)).toEqual([
      [idOf(subscription, 'analytics_monthly'), 'analytics_monthly', 1],
      [idOf(subscription, 'team_monthly'), 'team_monthly', 4],
    ]);
  });

  test('an item the catalog does not know is shown as "other" and left alone by a plan change', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const { subscription, support } = await subscribedWithUnknownItem(billing, 'eve', 'plan first');
    const state = await call(billing, '/subscription', undefined, { user: 'eve' });
    expect(
      state.json.subscriptions[0].items.map((item: { kind: string; key: string | null }) => [
        item.kind,
        item.key,
      ]),
    ).toEqual([
      ['plan', 'pro'],
      ['other', null],
    ]);
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'starter', interval: 'month' },
      { user: 'eve' },
    );
    expect(reply.status).toBe(200);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data.map((item) => item.price.lookup_key ?? item.price.id).sort()).toEqual(
      ['starter_monthly', support.id].sort(),
    );
  });

  test('an unknown item before the plan item does not hide the plan item', async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const { subscription, support } = await subscribedWithUnknownItem(billing, 'eli', 'unknown first');
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'starter', interval: 'month' },
      { user: 'eli' },
    );
    expect(reply.status).toBe(200);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data.map((item) => item.price.lookup_key ?? item.price.id)).toEqual([
      support.id,
      'starter_monthly',
    ]);
  });

  test.each(['canceled', 'paused'] as const)(
    'a %s subscription: 409 subscription_not_active, nothing sent to Stripe',
    async (status) => {
      const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
      const user = `user-${status}`;
      await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
      const customer = (await customerOf(env.stripe, user))!;
      await reachStatus[status](customer);
      const [subscription] = (await env.stripe.subscriptions.list({ customer, status: 'all' })).data;
      expect(subscription?.status).toBe(status);
      env.emulator.clearRequestLog();
      for (const path of ['/preview-change', '/change-plan']) {
        const reply = await call(
          billing,
          path,
          { subscription: subscription!.id, plan: 'starter', interval: 'month' },
          { user },
        );
        expect([path, reply.status, reply.json.error?.code]).toEqual([path, 409, 'subscription_not_active']);
      }
      expect(
        stripeCalls(env.emulator).filter(
          (line) => line.startsWith('POST') && !line.includes('create_preview'),
        ),
      ).toEqual([]);
    },
  );
});

describe('POST /change-plan on a subscription whose only price the catalog does not know (grandfathered)', () => {
  test("its one item takes the chosen plan's price", async () => {
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const legacy = await unknownPrice();
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'gus' });
    const customer = (await customerOf(env.stripe, 'gus'))!;
    const subscription = await env.stripe.subscriptions.create({
      customer,
      items: [{ price: legacy.id }],
      default_payment_method: 'pm_card_visa',
    });
    const reply = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'starter', interval: 'month' },
      { user: 'gus' },
    );
    expect([reply.status, reply.json.subscription?.planKey]).toEqual([200, 'starter']);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data.map((item) => [item.id, item.price.lookup_key])).toEqual([
      [subscription.items.data[0]!.id, 'starter_monthly'],
    ]);
  });
});
