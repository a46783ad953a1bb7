import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

// Invoice previews of a plan change, as Plankit sends them: existing discounts kept by id next to a new code, and a
// trial ended by the change (InvoiceCreatePreviewParams.discounts[].discount, subscription_details.trial_end).
describe('invoice previews: kept discounts and trial_end', () => {
  const ctx = useEmulator({ seed: catalog });

  async function customer(stripe: Stripe) {
    return stripe.customers.create({
      email: 'preview@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
  }

  it('keeps a discount named by id and adds a promotion code; refuses a discount of another customer', async () => {
    const { stripe } = ctx;
    const owner = await customer(stripe);
    const sub = await stripe.subscriptions.create({
      customer: owner.id,
      items: [{ price: 'price_basic_month' }],
      discounts: [{ coupon: 'SAVE20' }],
    });
    const [kept] = sub.discounts as string[];
    const [promo] = (await stripe.promotionCodes.list({ code: 'WELCOME' })).data;
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const preview = await stripe.invoices.createPreview({
      customer: owner.id,
      subscription: sub.id,
      discounts: [{ discount: kept as string }, { promotion_code: (promo as Stripe.PromotionCode).id }],
      subscription_details: {
        items: [{ id: item.id, price: 'price_pro_month' }],
        proration_behavior: 'none',
      },
    });
    // Two 20% discounts on the $30 renewal.
    expect(preview.total_discount_amounts?.length).toBe(2);
    expect(preview.total).toBeLessThan(3000 * 0.8);
    const other = await customer(stripe);
    await expect(
      stripe.invoices.createPreview({
        customer: other.id,
        discounts: [{ discount: kept as string }],
        subscription_details: { items: [{ price: 'price_pro_month' }] },
      }),
    ).rejects.toMatchObject({ code: 'resource_missing', param: 'discounts[0][discount]' });
  });

  it('previews trial_end=now on a trialing subscription as the new period invoiced at once', async () => {
    const { stripe } = ctx;
    const owner = await customer(stripe);
    const sub = await stripe.subscriptions.create({
      customer: owner.id,
      items: [{ price: 'price_basic_month' }],
      trial_period_days: 14,
    });
    const item = sub.items.data[0] as Stripe.SubscriptionItem;
    const preview = await stripe.invoices.createPreview({
      customer: owner.id,
      subscription: sub.id,
      subscription_details: {
        items: [{ id: item.id, price: 'price_pro_month', quantity: 2 }],
        trial_end: 'now',
      },
    });
    expect(preview.total).toBe(2 * 3000);
    const updated = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: 'price_pro_month', quantity: 2 }],
      trial_end: 'now',
      expand: ['latest_invoice'],
    });
    expect((updated.latest_invoice as Stripe.Invoice).total).toBe(preview.total);
  });
});
