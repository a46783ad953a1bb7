import { describe, expect, it } from 'vitest';
import { useEmulator } from './helpers.js';

describe('SDK basics', () => {
  const ctx = useEmulator();

  it('creates a product, price, customer, checkout session and subscription', async () => {
    const { stripe } = ctx;
    const product = await stripe.products.create({ name: 'Pro', metadata: { tier: 'pro' } });
    expect(product.id).toMatch(/^prod_/);
    const price = await stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 2000,
      recurring: { interval: 'month' },
      lookup_key: 'pro_monthly',
    });
    expect(price.recurring?.interval).toBe('month');
    const customer = await stripe.customers.create({ email: 'a@example.com', metadata: { userId: 'u1' } });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://localhost/ok?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost/cancel',
    });
    expect(session.url).toContain(ctx.emulator.url);
    expect(session.status).toBe('open');
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: pm.id,
      expand: ['latest_invoice', 'items.data.price.product'],
    });
    expect(sub.status).toBe('active');
    expect(typeof sub.latest_invoice === 'object' && sub.latest_invoice?.status).toBe('paid');
    const item = sub.items.data[0];
    expect(typeof item?.price.product === 'object' && item.price.product.id).toBe(product.id);
  });
});
