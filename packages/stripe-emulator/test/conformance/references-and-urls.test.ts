import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog } from '../helpers.js';
import { useTarget } from './target.js';

const badUrls = ['javascript:alert(1)', '/relative/path', 'ftp://example.com/x', 'data:text/html,hi'];

describe('redirect URLs must be absolute http(s)', () => {
  const ctx = useTarget({
    ...catalog,
    billing_portal_configuration: { features: { payment_method_update: { enabled: true } } },
  });

  it.each(badUrls)(
    'refuses %s as success_url, cancel_url, return_url and after-completion URL',
    async (url) => {
      const { stripe } = ctx;
      const customer = await stripe.customers.create({ email: 'urls@example.com' });
      const checkout = (extra: Partial<Stripe.Checkout.SessionCreateParams>) =>
        stripe.checkout.sessions.create({
          mode: 'subscription',
          customer: customer.id,
          line_items: [{ price: ctx.price('price_basic_month'), quantity: 1 }],
          success_url: 'https://app.test/done',
          ...extra,
        });
      for (const attempt of [
        checkout({ success_url: url }),
        checkout({ cancel_url: url }),
        stripe.billingPortal.sessions.create({ customer: customer.id, return_url: url }),
        stripe.billingPortal.sessions.create({
          customer: customer.id,
          return_url: 'https://app.test/account',
          flow_data: {
            type: 'payment_method_update',
            after_completion: { type: 'redirect', redirect: { return_url: url } },
          },
        }),
      ]) {
        const error = await attempt.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
        expect(error).toMatchObject({ statusCode: 400, code: 'url_invalid' });
      }
    },
  );

  it('accepts http and https URLs', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({ email: 'good-urls@example.com' });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: ctx.price('price_basic_month'), quantity: 1 }],
      success_url: 'http://localhost:3000/done?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://app.test/pricing',
    });
    expect(session.cancel_url).toBe('https://app.test/pricing');
  });
});

describe('bad references: 400 resource_missing inside a request, 404 only for the URL object', () => {
  const ctx = useTarget(catalog);

  it('answers 400 for a bad price in items[] and a bad customer param', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({
      email: 'refs@example.com',
      payment_method: 'pm_card_visa',
    });
    const badPrice = await stripe.subscriptions
      .create({ customer: customer.id, items: [{ price: 'price_nope' }] })
      .catch((e: unknown) => e);
    expect(badPrice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(badPrice).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'items[0][price]' });
    const badCustomer = await stripe.subscriptions
      .create({ customer: 'cus_nope', items: [{ price: ctx.price('price_basic_month') }] })
      .catch((e: unknown) => e);
    expect(badCustomer).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'customer' });
    const badCheckoutPrice = await stripe.checkout.sessions
      .create({
        mode: 'subscription',
        line_items: [{ price: 'price_nope', quantity: 1 }],
        success_url: 'https://app.test/done',
      })
      .catch((e: unknown) => e);
    expect(badCheckoutPrice).toMatchObject({ statusCode: 400, code: 'resource_missing' });
  });

  it('answers 404 for the object named by the URL', async () => {
    const missing = await ctx.stripe.subscriptions.retrieve('sub_nope').catch((e: unknown) => e);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
  });
});
