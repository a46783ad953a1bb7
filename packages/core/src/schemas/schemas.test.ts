import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routePaths } from '../route-paths';
import { routes } from '../routes';
import { cancelRequestSchema, cancelResponseSchema, resumeRequestSchema } from './cancellation';
import { catalogSchema } from './catalog';
import { checkoutRequestSchema, checkoutResponseSchema } from './checkout';
import {
  changePlanRequestSchema,
  previewChangeRequestSchema,
  previewChangeResponseSchema,
} from './plan-change';
import { portalRequestSchema, portalResponseSchema } from './portal';
import { returnToSchema } from './primitives';
import { subscriptionStateSchema, subscriptionSummarySchema } from './subscription';

function accepts(schema: z.ZodType, value: unknown) {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(z.prettifyError(result.error));
  return result.data;
}

function rejects(schema: z.ZodType, value: unknown) {
  expect(schema.safeParse(value).success, JSON.stringify(value)).toBe(false);
}

const summary = {
  id: 'sub_123',
  status: 'active',
  planKey: 'pro',
  interval: 'month',
  currency: 'usd',
  quantity: 1,
  addOns: [],
  items: [{ id: 'si_1', kind: 'plan', key: 'pro', quantity: 1, unitAmount: 2900 }],
  currentPeriodEnd: '2026-12-23T00:00:00.000Z',
  cancelAtPeriodEnd: false,
  cancelAt: null,
  trialEnd: null,
  discount: null,
  paymentMethod: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
  cancellation: null,
  retentionOfferAvailable: true,
};

describe('checkout request', () => {
  it('accepts a plan key, interval and the optional fields', () => {
    accepts(checkoutRequestSchema, { plan: 'pro', interval: 'month' });
    accepts(checkoutRequestSchema, {
      plan: 'team',
      interval: 'year',
      quantity: 5,
      addOns: ['analytics'],
      promotionCode: 'WELCOME10',
      locale: 'de',
      returnTo: '/account',
    });
  });

  it('rejects identity, price ids and other unknown keys (identity comes from the server)', () => {
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', customerId: 'cus_1' });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', email: 'a@b.c' });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', priceId: 'price_1' });
  });

  it('rejects bad values', () => {
    rejects(checkoutRequestSchema, { plan: 'pro' });
    rejects(checkoutRequestSchema, { plan: 'Pro Plan', interval: 'month' });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'week' });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', quantity: 0 });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', quantity: 1.5 });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', quantity: 10_001 });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', addOns: ['a', 'a'] });
    rejects(checkoutRequestSchema, {
      plan: 'pro',
      interval: 'month',
      addOns: Array.from({ length: 20 }, (_, i) => `a${i}`),
    });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', promotionCode: 'has space' });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', locale: 'german' });
    rejects(checkoutRequestSchema, { plan: 'pro', interval: 'month', returnTo: 'x'.repeat(2049) });
    rejects(checkoutRequestSchema, null);
    rejects(checkoutRequestSchema, 'pro');
  });

  it('answers with a checkout url or a redirect for subscribed callers', () => {
    accepts(checkoutResponseSchema, {
      type: 'checkout',
      url: 'https://checkout.stripe.com/c/pay/cs_1',
      sessionId: 'cs_1',
    });
    accepts(checkoutResponseSchema, {
      type: 'redirect',
      reason: 'already_subscribed',
      url: 'http://127.0.0.1:1/p',
    });
    rejects(checkoutResponseSchema, { type: 'checkout', url: 'javascript:alert(1)', sessionId: 'cs_1' });
    rejects(checkoutResponseSchema, { type: 'redirect', reason: 'other', url: 'https://x.test' });
  });
});

describe('portal request (seed 002 flows)', () => {
  it('accepts the homepage and each flow with its required fields', () => {
    accepts(portalRequestSchema, { flow: 'homepage' });
    accepts(portalRequestSchema, {
      flow: 'payment_method_update',
      afterCompletion: { type: 'portal_homepage' },
    });
    accepts(portalRequestSchema, { flow: 'subscription_cancel', subscription: 'sub_1' });
    accepts(portalRequestSchema, {
      flow: 'subscription_update',
      subscription: 'sub_1',
      afterCompletion: { type: 'hosted_confirmation', message: 'Thanks!' },
    });
    accepts(portalRequestSchema, {
      flow: 'subscription_update_confirm',
      subscription: 'sub_1',
      plan: 'team',
      interval: 'month',
      quantity: 3,
      promotionCode: 'WELCOME10',
      afterCompletion: { type: 'redirect', returnTo: '/account?switched=1' },
      returnTo: '/account',
    });
  });

  it('refuses flows missing what Stripe requires, and fields of other flows', () => {
    rejects(portalRequestSchema, {});
    rejects(portalRequestSchema, { flow: 'subscription_cancel' });
    rejects(portalRequestSchema, { flow: 'subscription_update' });
    rejects(portalRequestSchema, { flow: 'subscription_update_confirm', subscription: 'sub_1' });
    rejects(portalRequestSchema, { flow: 'homepage', subscription: 'sub_1' });
    rejects(portalRequestSchema, { flow: 'payment_method_update', customer: 'cus_1' });
    rejects(portalRequestSchema, { flow: 'subscription_cancel', subscription: 'cus_1' });
    rejects(portalRequestSchema, { flow: 'unknown' });
    rejects(portalRequestSchema, { flow: 'homepage', afterCompletion: { type: 'portal_homepage' } });
    rejects(portalRequestSchema, {
      flow: 'payment_method_update',
      afterCompletion: { type: 'redirect', url: 'x' },
    });
    rejects(portalRequestSchema, {
      flow: 'payment_method_update',
      afterCompletion: { type: 'hosted_confirmation', message: 'x'.repeat(501) },
    });
  });

  it('answers with a portal url', () => {
    accepts(portalResponseSchema, { type: 'portal', url: 'https://billing.stripe.com/p/session/x' });
    rejects(portalResponseSchema, { type: 'portal', url: '/relative' });
  });
});

describe('plan change', () => {
  it('previews a change by plan key and returns amounts', () => {
    accepts(previewChangeRequestSchema, { subscription: 'sub_1', plan: 'pro', interval: 'year' });
    rejects(previewChangeRequestSchema, {
      subscription: 'sub_1',
      plan: 'pro',
      interval: 'year',
      price: 'price_1',
    });
    accepts(previewChangeResponseSchema, {
      currency: 'usd',
      dueNow: -450,
      nextInvoice: { amount: 2900, date: '2026-12-23T00:00:00.000Z' },
      lines: [{ description: 'Unused time on Starter', amount: -450, proration: true }],
      prorationDate: 1_790_000_000,
    });
    rejects(previewChangeResponseSchema, {
      currency: 'usd',
      dueNow: 1.5,
      nextInvoice: { amount: 1, date: null },
      lines: [],
      prorationDate: 1,
    });
    accepts(changePlanRequestSchema, {
      subscription: 'sub_1',
      plan: 'pro',
      interval: 'year',
      prorationDate: 1_790_000_000,
    });
  });
});

describe('cancellation (seed 003)', () => {
  it('takes one of the eight reasons and a bounded comment', () => {
    accepts(cancelRequestSchema, { subscription: 'sub_1', reason: 'too_expensive', comment: 'Pricey' });
    accepts(cancelRequestSchema, {
      subscription: 'sub_1',
      reason: 'other',
      mode: 'at_period_end',
      declineOffer: true,
    });
    rejects(cancelRequestSchema, { subscription: 'sub_1', reason: 'bored' });
    rejects(cancelRequestSchema, { subscription: 'sub_1', reason: 'other', comment: 'x'.repeat(501) });
    rejects(cancelRequestSchema, { subscription: 'sub_1', reason: 'other', mode: 'now' });
    rejects(resumeRequestSchema, { subscription: 'sub_1', extra: true });
  });

  it('answers with an offer, a portal deep link or the canceled subscription', () => {
    accepts(cancelResponseSchema, {
      type: 'retention_offer',
      offer: {
        name: '25% off',
        percentOff: 25,
        amountOff: null,
        currency: null,
        duration: 'repeating',
        durationInMonths: 3,
      },
    });
    accepts(cancelResponseSchema, { type: 'portal', url: 'https://billing.stripe.com/p/x' });
    accepts(cancelResponseSchema, {
      type: 'canceled',
      subscription: { ...summary, cancelAtPeriodEnd: true },
    });
    rejects(cancelResponseSchema, { type: 'canceled' });
  });
});

describe('read models', () => {
  it('describes subscriptions with ISO dates and card summaries', () => {
    accepts(subscriptionStateSchema, { subscriptions: [summary] });
    accepts(subscriptionStateSchema, { subscriptions: [] });
    rejects(subscriptionSummarySchema, { ...summary, status: 'expired' });
    rejects(subscriptionSummarySchema, { ...summary, currentPeriodEnd: 1_790_000_000 });
    rejects(subscriptionSummarySchema, {
      ...summary,
      paymentMethod: { ...summary.paymentMethod, last4: '42' },
    });
    accepts(subscriptionSummarySchema, {
      ...summary,
      cancellation: { reason: 'too_expensive', comment: null },
      discount: {
        name: 'x',
        percentOff: 25,
        amountOff: null,
        currency: null,
        duration: 'repeating',
        durationInMonths: 3,
        end: null,
      },
    });
  });

  it('describes the catalog with amounts in the smallest unit', () => {
    const plan = {
      key: 'team',
      name: 'Team',
      description: null,
      image: null,
      unitLabel: 'seat',
      features: ['A'],
      highlighted: false,
      trialDays: null,
      seats: { min: 2, max: 50 },
      prices: [{ interval: 'month', intervalCount: 1, currency: 'jpy', unitAmount: 1200 }],
      addOns: [],
    };
    accepts(catalogSchema, { plans: [plan], addOns: [], intervals: ['month'] });
    rejects(catalogSchema, { plans: [{ ...plan, prices: [] }], addOns: [], intervals: ['month'] });
    rejects(catalogSchema, {
      plans: [{ ...plan, prices: [{ ...plan.prices[0], currency: 'JPY' }] }],
      addOns: [],
      intervals: [],
    });
  });

  it('bounds return addresses', () => {
    accepts(returnToSchema, '/account');
    rejects(returnToSchema, '');
  });
});

describe('routes', () => {
  it('give every route a path, method and schemas; mutations are POST with a request schema', () => {
    for (const [name, route] of Object.entries(routes)) {
      expect(route.path).toBe(routePaths[name as keyof typeof routePaths].path);
      expect(route.path).toMatch(/^\/[a-z/-]+$/);
      if (route.method === 'POST') expect(route.request, name).not.toBeNull();
      else expect(route.request, name).toBeNull();
    }
  });
});
