import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

describe('lists and expand', () => {
  const ctx = useEmulator({ seed: catalog });

  it('paginates with limit, starting_after and ending_before, and auto-paginates', async () => {
    const { stripe } = ctx;
    const created = [];
    for (let i = 0; i < 7; i++)
      created.push(await stripe.customers.create({ email: `page${i}@example.com` }));
    const first = await stripe.customers.list({ limit: 3 });
    expect(first.data.map((c) => c.email)).toEqual([
      'page6@example.com',
      'page5@example.com',
      'page4@example.com',
    ]);
    expect(first.has_more).toBe(true);
    const second = await stripe.customers.list({ limit: 3, starting_after: first.data[2]?.id });
    expect(second.data.map((c) => c.email)).toEqual([
      'page3@example.com',
      'page2@example.com',
      'page1@example.com',
    ]);
    const back = await stripe.customers.list({ limit: 2, ending_before: second.data[0]?.id });
    expect(back.data.map((c) => c.email)).toEqual(['page5@example.com', 'page4@example.com']);
    const all = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.filter((c) => c.email?.startsWith('page'))).toHaveLength(7);
  });

  it('expands nested paths, lists and includable fields', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({
      email: 'expand@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_pro_month', quantity: 2 }],
    });
    const list = await stripe.subscriptions.list({
      customer: customer.id,
      expand: ['data.items.data.price.product', 'data.customer', 'data.latest_invoice'],
    });
    const expanded = list.data[0];
    const product = expanded?.items.data[0]?.price.product;
    expect(typeof product === 'object' && product && 'name' in product ? product.name : null).toBe('Pro');
    expect(typeof expanded?.customer === 'object' ? expanded.customer.id : null).toBe(customer.id);
    const withSubs = await stripe.customers.retrieve(customer.id, { expand: ['subscriptions'] });
    expect('subscriptions' in withSubs ? withSubs.subscriptions?.data.map((s) => s.id) : []).toEqual([
      sub.id,
    ]);
    const pm = await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    });
    expect('invoice_settings' in pm && typeof pm.invoice_settings.default_payment_method === 'object').toBe(
      true,
    );
  });

  it('filters subscription and checkout session lists', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({
      email: 'filters@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: 'price_basic_month' }],
    });
    await stripe.subscriptions.cancel(sub.id);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toHaveLength(1);
    expect(
      (await stripe.subscriptions.list({ price: 'price_basic_month', status: 'canceled' })).data.map(
        (s) => s.id,
      ),
    ).toContain(sub.id);
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer_email: 'filters-cs@example.com',
      line_items: [{ price: 'price_basic_month', quantity: 1 }],
      success_url: 'http://x/ok',
    });
    const open = await stripe.checkout.sessions.list({
      status: 'open',
      customer_details: { email: 'filters-cs@example.com' },
    });
    expect(open.data.map((s) => s.id)).toEqual([session.id]);
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).toBe('expired');
    const again = await stripe.checkout.sessions.expire(session.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Error);
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data[0]?.price?.id).toBe('price_basic_month');
  });
});
