import Stripe from 'stripe';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

/** Plan switching over two listed prices; Pro's seats adjustable from 1 to 5, Basic's not at all. */
const switching: Stripe.BillingPortal.ConfigurationCreateParams = {
  features: {
    subscription_cancel: { enabled: true, mode: 'at_period_end' },
    subscription_update: {
      enabled: true,
      default_allowed_updates: ['price', 'quantity'],
      proration_behavior: 'none',
      products: [
        { product: 'prod_basic', prices: ['price_basic_month'] },
        {
          product: 'prod_pro',
          prices: ['price_pro_month'],
          adjustable_quantity: { enabled: true, minimum: 1, maximum: 5 },
        },
      ],
    },
  },
};

async function post(url: string, form: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

/** A customer paying with a test card token (`pm_card_visa` by default). */
function cardCustomer(stripe: Stripe, email: string, card = 'pm_card_visa') {
  return stripe.customers.create({
    email,
    payment_method: card,
    invoice_settings: { default_payment_method: card },
  });
}

/** The customer's subscription to one price. */
function subscribeTo(stripe: Stripe, customer: Stripe.Customer, price: string, quantity = 1) {
  return stripe.subscriptions.create({ customer: customer.id, items: [{ price, quantity }] });
}

/** The SDK's error for a call that must be refused (fails the test if the call succeeds). */
async function refusal(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  return error as Stripe.errors.StripeError;
}

describe('the portal obeys its configuration', () => {
  const ctx = useEmulator({ seed: { ...catalog, billing_portal_configuration: switching } });
  let customer: Stripe.Customer;

  beforeAll(async () => {
    customer = await cardCustomer(ctx.stripe, 'rules@example.com');
  });

  const subscribe = (items: Stripe.SubscriptionCreateParams.Item[]) =>
    ctx.stripe.subscriptions.create({ customer: customer.id, items });

  const confirmFlow = (sub: Stripe.Subscription, item: { price?: string; quantity?: number }) =>
    ctx.stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: sub.id,
          items: [{ id: sub.items.data[0]?.id ?? '', ...item }],
        },
      },
    });

  it('subscription_update_confirm accepts only prices listed in features.subscription_update.products', async () => {
    const sub = await subscribe([{ price: 'price_basic_month' }]);
    await expect(confirmFlow(sub, { price: 'price_pro_month' })).resolves.toMatchObject({
      object: 'billing_portal.session',
    });
    const unlisted = await refusal(confirmFlow(sub, { price: 'price_basic_year' }));
    expect(unlisted.param).toBe('flow_data[subscription_update_confirm][items][0][price]');
    expect(unlisted.message).toMatch(/price_basic_year/);
  });

  it('quantities only where the configuration makes them adjustable, and within its bounds', async () => {
    const pro = await subscribe([{ price: 'price_pro_month', quantity: 2 }]);
    await expect(confirmFlow(pro, { quantity: 5 })).resolves.toBeTruthy();
    const tooMany = await refusal(confirmFlow(pro, { quantity: 6 }));
    expect(tooMany.param).toBe('flow_data[subscription_update_confirm][items][0][quantity]');
    await refusal(confirmFlow(pro, { quantity: 0 }));
    const basic = await subscribe([{ price: 'price_basic_month' }]);
    const fixed = await refusal(confirmFlow(basic, { quantity: 3 }));
    expect(fixed.param).toBe('flow_data[subscription_update_confirm][items][0][quantity]');
    // Moving to Basic (not adjustable) resets the quantity to 1: allowed.
    await expect(confirmFlow(pro, { price: 'price_basic_month', quantity: 1 })).resolves.toBeTruthy();
  });

  it('no quantity changes at all when default_allowed_updates lacks quantity', async () => {
    const config = await ctx.stripe.billingPortal.configurations.create({
      features: {
        subscription_update: {
          ...switching.features.subscription_update,
          enabled: true,
          default_allowed_updates: ['price'],
        },
      },
    });
    const pro = await subscribe([{ price: 'price_pro_month', quantity: 2 }]);
    await refusal(
      ctx.stripe.billingPortal.sessions.create({
        customer: customer.id,
        configuration: config.id,
        flow_data: {
          type: 'subscription_update_confirm',
          subscription_update_confirm: {
            subscription: pro.id,
            items: [{ id: pro.items.data[0]?.id ?? '', quantity: 3 }],
          },
        },
      }),
    );
  });

  it('refuses update flows for subscriptions Stripe does not let customers update', async () => {
    const twoItems = await subscribe([{ price: 'price_basic_month' }, { price: 'price_pro_month' }]);
    const many = await refusal(
      ctx.stripe.billingPortal.sessions.create({
        customer: customer.id,
        flow_data: { type: 'subscription_update', subscription_update: { subscription: twoItems.id } },
      }),
    );
    expect(many.param).toBe('flow_data[subscription_update][subscription]');
    await refusal(confirmFlow(twoItems, { price: 'price_pro_month' }));
    // A card that fails leaves the first invoice unpaid: `incomplete`, which the portal cannot update.
    const declined = await cardCustomer(ctx.stripe, 'declined@example.com', 'pm_card_chargeCustomerFail');
    const incomplete = await subscribeTo(ctx.stripe, declined, 'price_basic_month');
    expect(incomplete.status).toBe('incomplete');
    const status = await refusal(
      ctx.stripe.billingPortal.sessions.create({
        customer: declined.id,
        flow_data: { type: 'subscription_update', subscription_update: { subscription: incomplete.id } },
      }),
    );
    expect(status.message).toMatch(/incomplete/);
  });

  it('subscription_update_confirm needs the subscription_update feature and one item', async () => {
    const config = await ctx.stripe.billingPortal.configurations.create({
      features: { subscription_cancel: { enabled: true } },
    });
    const sub = await subscribe([{ price: 'price_basic_month' }]);
    const disabled = await refusal(
      ctx.stripe.billingPortal.sessions.create({
        customer: customer.id,
        configuration: config.id,
        flow_data: {
          type: 'subscription_update_confirm',
          subscription_update_confirm: {
            subscription: sub.id,
            items: [{ id: sub.items.data[0]?.id ?? '', price: 'price_pro_month' }],
          },
        },
      }),
    );
    expect(disabled.param).toBe('flow_data[type]');
  });

  it('checks locale against Stripe list', async () => {
    for (const locale of ['de', 'it', 'id', 'en-AU', 'fil', 'auto'] as const) {
      const session = await ctx.stripe.billingPortal.sessions.create({ customer: customer.id, locale });
      expect(session.locale).toBe(locale);
    }
    const bad = await refusal(
      ctx.stripe.billingPortal.sessions.create({
        customer: customer.id,
        locale: 'xx' as Stripe.BillingPortal.SessionCreateParams.Locale,
      }),
    );
    expect(bad.param).toBe('locale');
  });

  it('a configuration must list the prices of each product it offers', async () => {
    const error = await refusal(
      ctx.stripe.billingPortal.configurations.create({
        features: {
          subscription_update: {
            enabled: true,
            default_allowed_updates: ['price'],
            products: [{ product: 'prod_basic', prices: [] }],
          },
        },
      }),
    );
    expect(error.code).toBe('parameter_missing');
    expect(error.param).toBe('features[subscription_update][products][0][prices]');
  });
});

describe('the hosted portal page offers and accepts only what the configuration allows', () => {
  const ctx = useEmulator({ seed: { ...catalog, billing_portal_configuration: switching } });

  async function homepageSession(price: string, quantity = 1) {
    const customer = await cardCustomer(ctx.stripe, 'page@example.com');
    const sub = await ctx.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price, quantity }],
    });
    const session = await ctx.stripe.billingPortal.sessions.create({ customer: customer.id });
    return { sub, session, base: `${ctx.emulator.url}/p/session/${session.id}` };
  }

  it('lists the configured prices only, and a bounded quantity only where adjustable', async () => {
    const basic = await homepageSession('price_basic_month');
    const basicPage = await (await fetch(`${basic.base}/update/${basic.sub.id}`)).text();
    expect(basicPage).toContain('id="price-price_basic_month"');
    expect(basicPage).toContain('id="price-price_pro_month"');
    expect(basicPage).not.toContain('price_basic_year');
    expect(basicPage).not.toContain('price_pro_eur');
    expect(basicPage).not.toContain('id="quantity"');
    const pro = await homepageSession('price_pro_month', 2);
    const proPage = await (await fetch(`${pro.base}/update/${pro.sub.id}`)).text();
    expect(proPage).toMatch(/id="quantity"[^>]*min="1" max="5"/);
  });

  it('refuses an unlisted price or an out-of-range quantity sent to the confirm step, changing nothing', async () => {
    const pro = await homepageSession('price_pro_month', 2);
    const unlisted = await fetch(`${pro.base}/confirm/${pro.sub.id}?price=price_basic_year`);
    expect(unlisted.status).toBe(400);
    expect(await unlisted.text()).toContain('update-error');
    const posted = await post(`${pro.base}/confirm/${pro.sub.id}?price=price_pro_month&quantity=9`, {});
    expect(posted.status).toBe(400);
    const notWhole = await post(`${pro.base}/confirm/${pro.sub.id}?price=price_pro_month&quantity=2.5`, {});
    expect(notWhole.status).toBe(400);
    expect((await ctx.stripe.subscriptions.retrieve(pro.sub.id)).items.data[0]?.quantity).toBe(2);
    const allowed = await post(`${pro.base}/confirm/${pro.sub.id}?price=price_pro_month&quantity=4`, {});
    expect(allowed.status).toBe(303);
    expect((await ctx.stripe.subscriptions.retrieve(pro.sub.id)).items.data[0]?.quantity).toBe(4);
  });

  it('has no update or payment method pages when those features are off', async () => {
    const { sub, base } = await homepageSession('price_basic_month');
    const home = await (await fetch(base)).text();
    expect(home).toContain(`/update/${sub.id}`);
    expect(home).not.toContain('/payment-method');
    expect((await fetch(`${base}/payment-method`)).status).toBe(404);
    expect((await post(`${base}/payment-method`, { card_number: '4242424242424242' })).status).toBe(404);
  });

  it('accepting the retention offer twice applies its coupon once', async () => {
    const customer = await cardCustomer(ctx.stripe, 'stay@example.com');
    const sub = await subscribeTo(ctx.stripe, customer, 'price_basic_month');
    const session = await ctx.stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: {
          subscription: sub.id,
          retention: { type: 'coupon_offer', coupon_offer: { coupon: 'SAVE20' } },
        },
      },
    });
    const cancelUrl = `${ctx.emulator.url}/p/session/${session.id}/cancel/${sub.id}`;
    expect(await (await fetch(cancelUrl)).text()).toContain('id="accept-offer"');
    await post(cancelUrl, { action: 'accept_offer' });
    await post(cancelUrl, { action: 'accept_offer' });
    const after = await ctx.stripe.subscriptions.retrieve(sub.id);
    expect(after.discounts).toHaveLength(1);
    // Once accepted, the offer is no longer made.
    expect(await (await fetch(cancelUrl)).text()).not.toContain('id="accept-offer"');
  });
});
