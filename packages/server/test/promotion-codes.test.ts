import { retentionCouponId } from '@plankit/test-utils';
import type Stripe from 'stripe';
import { describe, expect, test } from 'vitest';
import { createMemoryStore } from '../src/store/memory-store';
import { call, customerOf, makeBilling, stripeCalls, subscribeDirectly, useEmulator } from './harness';

const env = useEmulator();

/** An internal 100% code, as a merchant keeps for staff: it must never be redeemable from the browser by default. */
async function staffCode() {
  const coupon = await env.stripe.coupons.create({ percent_off: 100, duration: 'forever', name: 'Staff' });
  return env.stripe.promotionCodes.create({
    promotion: { type: 'coupon', coupon: coupon.id },
    code: 'STAFF2026',
  });
}

function promotionLookups(): string[] {
  return stripeCalls(env.emulator).filter((line) => line.includes('/v1/promotion_codes'));
}

async function subscribedUser(billing: ReturnType<typeof makeBilling>, user: string) {
  await call(billing, '/checkout', { plan: 'starter', interval: 'month' }, { user });
  const customer = (await customerOf(env.stripe, user)) as string;
  return subscribeDirectly(env.stripe, customer, ['starter_monthly']);
}

describe('promotion codes from the browser', () => {
  test('are refused by default without asking Stripe, valid or not (no free subscription, no oracle)', async () => {
    await staffCode();
    const billing = makeBilling(env.emulator);
    env.emulator.clearRequestLog();
    const staff = await call(billing, '/checkout', {
      plan: 'pro',
      interval: 'month',
      promotionCode: 'STAFF2026',
    });
    const nope = await call(billing, '/checkout', { plan: 'pro', interval: 'month', promotionCode: 'NOPE' });
    expect(staff.status).toBe(400);
    expect(staff.json).toEqual(nope.json);
    expect(staff.json.error.code).toBe('invalid_promotion_code');
    expect(promotionLookups()).toEqual([]);
    expect(stripeCalls(env.emulator).filter((line) => line.includes('/checkout/sessions'))).toEqual([]);
  });

  test('are refused by default on /change-plan, /preview-change and the portal confirm flow too', async () => {
    await staffCode();
    const billing = makeBilling(env.emulator, { planChange: { inApp: true } });
    const subscription = await subscribedUser(billing, 'pat');
    env.emulator.clearRequestLog();
    const change = {
      subscription: subscription.id,
      plan: 'pro',
      interval: 'month',
      promotionCode: 'STAFF2026',
    };
    for (const [path, body] of [
      ['/change-plan', change],
      ['/preview-change', change],
      ['/portal', { ...change, flow: 'subscription_update_confirm' }],
    ] as const) {
      const reply = await call(billing, path, body, { user: 'pat' });
      expect(reply.json.error?.code, path).toBe('invalid_promotion_code');
    }
    expect(promotionLookups()).toEqual([]);
    const after = await env.stripe.subscriptions.retrieve(subscription.id);
    expect(after.items.data[0]?.price.lookup_key).toBe('starter_monthly');
    expect(after.discounts).toEqual([]);
  });

  test('promotionCodes: true accepts an active code; invalid guesses are rate-limited per user across instances', async () => {
    const store = createMemoryStore();
    const one = makeBilling(env.emulator, { promotionCodes: true, store });
    const two = makeBilling(env.emulator, { promotionCodes: true, store });
    const ok = await call(one, '/checkout', {
      plan: 'starter',
      interval: 'month',
      promotionCode: 'WELCOME10',
    });
    expect(ok.status).toBe(200);
    const session = await env.stripe.checkout.sessions.retrieve(ok.json.sessionId);
    expect(session.discounts?.[0]?.promotion_code).toBeTruthy();
    env.emulator.clearRequestLog();
    const statuses: number[] = [];
    for (let guess = 0; guess < 8; guess += 1) {
      const instance = guess % 2 === 0 ? one : two;
      const reply = await call(instance, '/checkout', {
        plan: 'starter',
        interval: 'month',
        promotionCode: `GUESS${guess}`,
      });
      statuses.push(reply.status);
      if (reply.status === 429) {
        expect(reply.json.error.code).toBe('rate_limited');
        expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429, 429]);
    // Five guesses cost five lookups; the refused ones after the limit cost nothing.
    expect(promotionLookups()).toHaveLength(5);
    // Another user is not affected.
    const other = await call(
      one,
      '/checkout',
      { plan: 'starter', interval: 'month', promotionCode: 'WELCOME10' },
      { user: 'user_2' },
    );
    expect(other.status).toBe(200);
  });

  test('an allowlist refuses other codes without asking Stripe, and matches case-insensitively', async () => {
    await staffCode();
    const billing = makeBilling(env.emulator, { promotionCodes: ['WELCOME10'] });
    env.emulator.clearRequestLog();
    const staff = await call(billing, '/checkout', {
      plan: 'pro',
      interval: 'month',
      promotionCode: 'STAFF2026',
    });
    expect(staff.json.error.code).toBe('invalid_promotion_code');
    expect(promotionLookups()).toEqual([]);
    const welcome = await call(billing, '/checkout', {
      plan: 'pro',
      interval: 'month',
      promotionCode: 'welcome10',
    });
    expect(welcome.status).toBe(200);
  });

  test('a predicate decides over the promotion code object', async () => {
    await staffCode();
    const seen: string[] = [];
    const billing = makeBilling(env.emulator, {
      promotionCodes: (promotionCode: Stripe.PromotionCode) => {
        seen.push(promotionCode.code);
        return promotionCode.code !== 'STAFF2026';
      },
    });
    const staff = await call(billing, '/checkout', {
      plan: 'pro',
      interval: 'month',
      promotionCode: 'STAFF2026',
    });
    expect(staff.json.error.code).toBe('invalid_promotion_code');
    const welcome = await call(billing, '/checkout', {
      plan: 'pro',
      interval: 'month',
      promotionCode: 'WELCOME10',
    });
    expect(welcome.status).toBe(200);
    expect(seen).toEqual(['STAFF2026', 'WELCOME10']);
  });
});

describe('a promotion code on a plan change (issue 14 d)', () => {
  test('keeps the accepted retention coupon, and the preview shows the amount Stripe charges', async () => {
    const billing = makeBilling(env.emulator, {
      promotionCodes: true,
      retention: { couponId: retentionCouponId },
      cancel: { modes: ['at_period_end'] },
      planChange: { inApp: true, prorationBehavior: 'always_invoice' },
    });
    const subscription = await subscribedUser(billing, 'quinn');
    const offer = await call(
      billing,
      '/cancel',
      { subscription: subscription.id, reason: 'too_expensive' },
      { user: 'quinn' },
    );
    expect(offer.json.type).toBe('retention_offer');
    await call(billing, '/retention/accept', { subscription: subscription.id }, { user: 'quinn' });
    const change = {
      subscription: subscription.id,
      plan: 'pro',
      interval: 'month',
      promotionCode: 'WELCOME10',
    };
    const preview = await call(billing, '/preview-change', change, { user: 'quinn' });
    expect(preview.status).toBe(200);
    const applied = await call(
      billing,
      '/change-plan',
      { ...change, prorationDate: preview.json.prorationDate },
      { user: 'quinn' },
    );
    expect(applied.status).toBe(200);
    const after = (await env.stripe.subscriptions.retrieve(subscription.id, {
      expand: ['discounts', 'latest_invoice'],
    })) as Stripe.Subscription;
    const coupons = after.discounts.map((discount) => {
      const source = (discount as Stripe.Discount).source.coupon;
      return typeof source === 'string' ? source : source?.id;
    });
    expect(coupons).toContain(retentionCouponId);
    expect(coupons).toHaveLength(2);
    // What the preview said is due now is what Stripe invoiced.
    expect((after.latest_invoice as Stripe.Invoice).total).toBe(preview.json.dueNow);
  });

  test('promotionCodeReplacesDiscounts: the code replaces the existing discounts', async () => {
    const billing = makeBilling(env.emulator, {
      promotionCodes: true,
      planChange: { inApp: true, promotionCodeReplacesDiscounts: true },
    });
    const subscription = await subscribedUser(billing, 'rory');
    await env.stripe.subscriptions.update(subscription.id, { discounts: [{ coupon: retentionCouponId }] });
    const applied = await call(
      billing,
      '/change-plan',
      { subscription: subscription.id, plan: 'pro', interval: 'month', promotionCode: 'WELCOME10' },
      { user: 'rory' },
    );
    expect(applied.status).toBe(200);
    const after = await env.stripe.subscriptions.retrieve(subscription.id, {
      expand: ['discounts.source.coupon'],
    });
    expect(after.discounts).toHaveLength(1);
    expect(((after.discounts[0] as Stripe.Discount).source.coupon as Stripe.Coupon).id).toBe('welcome_10');
  });

  test('the preview takes a code without any planChange option (the portal confirm flow previews this way)', async () => {
    const billing = makeBilling(env.emulator, { promotionCodes: true });
    const subscription = await subscribedUser(billing, 'sol');
    const change = { subscription: subscription.id, plan: 'pro', interval: 'month' };
    const plain = await call(billing, '/preview-change', change, { user: 'sol' });
    const discounted = await call(
      billing,
      '/preview-change',
      { ...change, promotionCode: 'WELCOME10' },
      { user: 'sol' },
    );
    expect([plain.status, discounted.status]).toEqual([200, 200]);
    expect(discounted.json.nextInvoice.amount).toBeLessThan(plain.json.nextInvoice.amount);
  });
});
