import { createMemoryStore } from '@plankit/server';
import { type Emulator, startEmulator } from '@plankit/stripe-emulator';
import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { call, makeBilling, stripeFor } from '../src/billing';
import { seed } from '../src/fixtures';
import { customerFor, stripeCalls } from '../src/stripe-state';

/*
 * Paying less than the merchant intended (issue 15): promotion codes typed by hostile customers, one user's flood of
 * concurrent checkouts, and plan changes during a trial. Each test prints its figures for SECURITY.md.
 */

let emulator: Emulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  stripe = stripeFor(emulator);
});
beforeEach(() => {
  emulator.reset();
  emulator.clearRequestLog();
});
afterAll(async () => {
  await emulator?.close();
});

function tally(replies: readonly { status: number; json: { error?: { code: string } } }[]) {
  return replies.reduce<Record<string, number>>((counts, reply) => {
    const key = reply.json?.error?.code ?? String(reply.status);
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});
}

const lookups = () => stripeCalls(emulator).filter((line) => line.includes('/v1/promotion_codes')).length;

describe('hostile promotion codes', () => {
  test('refused without a Stripe call by default; with promotionCodes: true, guesses cost at most 5 lookups per user and window', async () => {
    const coupon = await stripe.coupons.create({ percent_off: 100, duration: 'forever' });
    await stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: coupon.id },
      code: 'STAFF2026',
    });
    const hostile = ['STAFF2026', 'staff2026', 'WELCOME10', 'FREE100', 'TEST', 'ADMIN', 'INTERNAL-100'];
    for (let index = 0; index < 43; index += 1) hostile.push(`GUESS${index.toString(36).toUpperCase()}`);
    const strict = makeBilling(emulator);
    emulator.clearRequestLog();
    const refused = [];
    for (const code of hostile) {
      refused.push(
        await call(
          strict,
          '/checkout',
          { plan: 'team', interval: 'month', quantity: 50, promotionCode: code },
          { user: 'eve' },
        ),
      );
    }
    expect(refused.every((reply) => reply.json.error?.code === 'invalid_promotion_code')).toBe(true);
    const defaultLookups = lookups();
    expect(defaultLookups).toBe(0);
    // Only the catalog is read (once, then cached): no customer, no session, no lookup.
    expect(stripeCalls(emulator).filter((line) => !/\/v1\/(prices|products)/.test(line))).toEqual([]);

    const store = createMemoryStore();
    const open = [
      makeBilling(emulator, { promotionCodes: true, store }),
      makeBilling(emulator, { promotionCodes: true, store }),
    ];
    emulator.clearRequestLog();
    const guesses = [];
    for (const [index, code] of hostile
      .filter((candidate) => candidate !== 'WELCOME10' && !/staff/i.test(candidate))
      .entries()) {
      guesses.push(
        await call(
          open[index % 2]!,
          '/checkout',
          { plan: 'pro', interval: 'month', promotionCode: code },
          { user: 'eve' },
        ),
      );
    }
    const openLookups = lookups();
    expect(openLookups).toBeLessThanOrEqual(5);
    expect(tally(guesses).rate_limited).toBe(guesses.length - 5);
    console.log(
      `hostile promotion codes: ${hostile.length} tried with no promotionCodes option -> ${JSON.stringify(tally(refused))}, ${defaultLookups} Stripe calls (a 100% internal code included); ` +
        `${guesses.length} wrong guesses by one user over 2 instances with promotionCodes: true -> ${JSON.stringify(tally(guesses))}, ${openLookups} Stripe lookups`,
    );
  });
});

describe('concurrent checkouts per user', () => {
  test("one user's 30 concurrent checkouts: at most 4 admitted per instance, the rest 429, and the Stripe calls they cost", async () => {
    const billing = makeBilling(emulator);
    await call(billing, '/plans');
    await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user: 'flood' });
    emulator.clearRequestLog();
    const different = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        call(
          billing,
          '/checkout',
          { plan: 'pro', interval: 'month', returnTo: `/billing?n=${index}` },
          { user: 'flood' },
        ),
      ),
    );
    const differentCalls = stripeCalls(emulator).length;
    expect(tally(different)['200']).toBe(4);
    expect(
      different.filter((reply) => reply.status === 429).every((reply) => reply.headers.get('retry-after')),
    ).toBe(true);
    expect(differentCalls).toBeLessThanOrEqual(16);
    emulator.clearRequestLog();
    const same = await Promise.all(
      Array.from({ length: 30 }, () =>
        call(billing, '/checkout', { plan: 'team', interval: 'year', quantity: 3 }, { user: 'flood' }),
      ),
    );
    const sameCalls = stripeCalls(emulator).length;
    expect(tally(same)['200']).toBe(30);
    console.log(
      `concurrent checkouts per user: 30 different at once -> ${JSON.stringify(tally(different))}, ${differentCalls} Stripe calls (${(differentCalls / 30).toFixed(1)} per request; 120 before the queue was bounded); ` +
        `30 identical at once -> ${JSON.stringify(tally(same))}, ${sameCalls} Stripe calls`,
    );
  });
});

describe('plan changes during trials', () => {
  test('a trial never follows a change to a plan without one: the preview is what Stripe charges', async () => {
    const billing = makeBilling(emulator, { planChange: { inApp: true } });
    const [pro] = (await stripe.prices.list({ lookup_keys: ['pro_monthly'] })).data;
    const targets = [
      { plan: 'team', interval: 'month', quantity: 50, addOns: ['analytics'] },
      { plan: 'team', interval: 'year', quantity: 2 },
      { plan: 'starter', interval: 'month' },
      { plan: 'starter', interval: 'year' },
      { plan: 'pro', interval: 'year' },
      { plan: 'pro', interval: 'month', addOns: ['analytics'] },
    ];
    const outcomes: Record<string, number> = {};
    let mismatches = 0;
    let freeRides = 0;
    for (const [index, target] of targets.entries()) {
      const user = `trial-${index}`;
      const customer = await customerFor(stripe, user);
      await call(billing, '/subscription', undefined, { user });
      const subscription = await stripe.subscriptions.create({
        customer,
        items: [{ price: (pro as Stripe.Price).id }],
        trial_period_days: 14,
        default_payment_method: 'pm_card_visa',
        metadata: { plankit_user_id: user },
      });
      const body = { subscription: subscription.id, ...target };
      const preview = await call(billing, '/preview-change', body, { user });
      const applied = await call(
        billing,
        '/change-plan',
        { ...body, prorationDate: preview.json.prorationDate },
        { user },
      );
      expect(applied.status, JSON.stringify(applied.json)).toBe(200);
      const after = await stripe.subscriptions.retrieve(subscription.id, { expand: ['latest_invoice'] });
      const key =
        after.status === 'trialing' ? 'trial kept (target has the same trial)' : 'trial ended, charged now';
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      if (after.status === 'trialing' && target.plan !== 'pro') freeRides += 1;
      if (
        after.status !== 'trialing' &&
        (after.latest_invoice as Stripe.Invoice).total !== preview.json.dueNow
      )
        mismatches += 1;
    }
    expect(freeRides).toBe(0);
    expect(mismatches).toBe(0);
    console.log(
      `plan changes during trials: ${targets.length} changes of a 14-day pro trial -> ${JSON.stringify(outcomes)}; ${freeRides} paid plans left on a free trial; ${mismatches} invoices unlike their preview`,
    );
  });
});
