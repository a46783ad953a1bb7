import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

const portalConfig: Stripe.BillingPortal.ConfigurationCreateParams = {
  features: {
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: {
      enabled: true,
      mode: 'at_period_end',
      cancellation_reason: { enabled: true, options: ['too_expensive', 'missing_features', 'other'] },
    },
    subscription_update: {
      enabled: true,
      default_allowed_updates: ['price'],
      proration_behavior: 'create_prorations',
      products: [
        { product: 'prod_basic', prices: ['price_basic_month'] },
        { product: 'prod_pro', prices: ['price_pro_month'] },
      ],
    },
  },
};

/** Posts a hosted Checkout form with a valid expiry and CVC unless the test gives its own. */
async function pay(url: string, form: Record<string, string>) {
  return post(url, { expiry: '12 / 34', cvc: '123', ...form });
}

async function post(url: string, form: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

describe('hosted pages over HTTP', () => {
  const ctx = useEmulator({ seed: { ...catalog, billing_portal_configuration: portalConfig } });

  it('pays a Checkout Session with a test card and redirects to success_url', async () => {
    const { stripe, emulator } = ctx;
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'buyer@example.com',
      line_items: [{ price: 'price_pro_month', quantity: 1 }],
      success_url: 'http://app.test/done?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://app.test/pricing',
      allow_promotion_codes: true,
      subscription_data: { metadata: { plan: 'pro' } },
    });
    const page = await fetch(session.url ?? '');
    const html = await page.text();
    expect(html).toContain('Test emulator — not real Stripe');
    expect(html).toContain('<label for="card_number">Card number</label>');
    expect(html).toContain('value="4242 4242 4242 4242"');
    const declined = await pay(session.url ?? '', {
      email: 'buyer@example.com',
      card_number: '4000000000000002',
    });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    const paid = await pay(session.url ?? '', {
      email: 'buyer@example.com',
      card_number: '4242424242424242',
      promotion_code: 'welcome',
      name: 'Ada Buyer',
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`http://app.test/done?session_id=${session.id}`);
    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ['subscription', 'customer'],
    });
    const buyer = done.customer as Stripe.Customer;
    expect([buyer.email, buyer.name]).toEqual(['buyer@example.com', 'Ada Buyer']);
    expect(done.status).toBe('complete');
    expect(done.payment_status).toBe('paid');
    const sub = done.subscription as Stripe.Subscription;
    expect(sub.status).toBe('active');
    expect(sub.metadata.plan).toBe('pro');
    expect(done.amount_total).toBe(2400);
    const types = emulator.events().map((e) => e.type);
    for (const t of [
      'checkout.session.completed',
      'customer.created',
      'customer.subscription.created',
      'invoice.created',
      'invoice.paid',
      'payment_method.attached',
    ]) {
      expect(types).toContain(t);
    }
  });

  it('walks the 3-D Secure stand-in and trials', async () => {
    const { stripe } = ctx;
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'three@example.com',
      line_items: [{ price: 'price_basic_month' }],
      success_url: 'http://app.test/ok',
      subscription_data: { trial_period_days: 14 },
    });
    const first = await pay(session.url ?? '', {
      email: 'three@example.com',
      card_number: '4000002500003155',
    });
    expect(first.headers.get('location')).toBe(`/c/3ds/${session.id}`);
    const approved = await post(`${ctx.emulator.url}/c/3ds/${session.id}`, { action: 'approve' });
    expect(approved.headers.get('location')).toBe('http://app.test/ok');
    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ['subscription'] });
    expect((done.subscription as Stripe.Subscription).status).toBe('trialing');
    expect(done.payment_status).toBe('no_payment_required');
  });

  it('validates portal sessions as Stripe does', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({ email: 'portal-v@example.com' });
    const missing = (await stripe.billingPortal.sessions
      .create({
        customer: customer.id,
        flow_data: { type: 'subscription_cancel' } as Stripe.BillingPortal.SessionCreateParams.FlowData,
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect([missing.code, missing.param]).toEqual([
      'parameter_missing',
      'flow_data[subscription_cancel][subscription]',
    ]);
    const redirect = (await stripe.billingPortal.sessions
      .create({
        customer: customer.id,
        flow_data: {
          type: 'payment_method_update',
          after_completion: {
            type: 'redirect',
          } as Stripe.BillingPortal.SessionCreateParams.FlowData.AfterCompletion,
        },
      })
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(redirect.param).toBe('flow_data[after_completion][redirect][return_url]');
    const other = await stripe.customers.create({
      email: 'other-v@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: other.id,
      items: [{ price: 'price_basic_month' }],
    });
    const foreign = await stripe.billingPortal.sessions
      .create({
        customer: customer.id,
        flow_data: { type: 'subscription_cancel', subscription_cancel: { subscription: sub.id } },
      })
      .catch((e: unknown) => e);
    expect(foreign).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('runs the subscription_cancel flow with reasons and redirects after completion', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({
      email: 'cancel@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'http://app.test/account',
      flow_data: {
        type: 'subscription_cancel',
        subscription_cancel: { subscription: sub.id },
        after_completion: { type: 'redirect', redirect: { return_url: 'http://app.test/canceled' } },
      },
    });
    const html = await (await fetch(session.url)).text();
    expect(html).toContain('Cancel subscription');
    expect(html).toContain('id="reason-too_expensive"');
    expect(html).toContain('too expensive');
    expect(html).toContain('http://app.test/account');
    const res = await post(`${ctx.emulator.url}/p/session/${session.id}/cancel/${sub.id}`, {
      action: 'cancel',
      feedback: 'too_expensive',
      comment: 'Budget cut',
    });
    expect(res.headers.get('location')).toBe('http://app.test/canceled');
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.cancel_at_period_end).toBe(true);
    expect(after.cancellation_details).toMatchObject({ feedback: 'too_expensive', comment: 'Budget cut' });
  });

  it('confirms an update from a subscription_update_confirm deep link with hosted confirmation', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({
      email: 'upd@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    const item = sub.items.data[0]?.id ?? '';
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: {
        type: 'subscription_update_confirm',
        subscription_update_confirm: {
          subscription: sub.id,
          items: [{ id: item, price: 'price_pro_month' }],
          discounts: [{ coupon: 'SAVE20' }],
        },
        after_completion: {
          type: 'hosted_confirmation',
          hosted_confirmation: { custom_message: 'Welcome to Pro' },
        },
      },
    });
    const html = await (await fetch(session.url)).text();
    expect(html).toContain('Confirm');
    expect(html).toContain('proration-amount');
    const res = await post(`${ctx.emulator.url}/p/session/${session.id}/confirm-flow/${sub.id}`, {});
    expect(await res.text()).toContain('Welcome to Pro');
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data[0]?.price.id).toBe('price_pro_month');
    expect(after.discounts).toHaveLength(1);
  });

  it('adds a payment method from the payment_method_update flow and makes it the default', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({ email: 'pm@example.com' });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      flow_data: { type: 'payment_method_update' },
    });
    const res = await post(`${ctx.emulator.url}/p/session/${session.id}/payment-method`, {
      card_number: '5555555555554444',
    });
    expect(res.status).toBe(303);
    const after = await stripe.customers.retrieve(customer.id);
    const pmId = 'invoice_settings' in after ? after.invoice_settings.default_payment_method : null;
    expect(typeof pmId).toBe('string');
    const pm = await stripe.paymentMethods.retrieve(String(pmId));
    expect(pm.card?.last4).toBe('4444');
  });
});
