import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog } from '../helpers.js';
import { useTarget } from './target.js';

function isProration(line: Stripe.InvoiceLineItem): boolean {
  return line.parent?.subscription_item_details?.proration === true;
}

describe('invoice previews as Stripe returns them', () => {
  const ctx = useTarget(catalog);

  async function subscription() {
    const customer = await ctx.stripe.customers.create({
      email: 'preview@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await ctx.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: ctx.price('price_basic_month') }],
    });
    return { sub, item: sub.items.data[0] as Stripe.SubscriptionItem };
  }

  it('reports subscription_proration_date and the creation time of an invoice billed now', async () => {
    const { sub, item } = await subscription();
    const at = item.current_period_start + 3600;
    const preview = await ctx.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: {
        items: [{ id: item.id, price: ctx.price('price_pro_month') }],
        proration_behavior: 'always_invoice',
        proration_date: at,
      },
    });
    expect(preview.parent?.subscription_details?.subscription_proration_date).toBe(at);
    expect(preview.created).toBe(preview.next_payment_attempt);
    expect(Math.abs(preview.created - sub.created)).toBeLessThanOrEqual(60);
    expect(preview.lines.data.every(isProration)).toBe(true);
  });

  it('dates the upcoming renewal at the period end, with prorations and the next period only', async () => {
    const { sub, item } = await subscription();
    const preview = await ctx.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: item.id, price: ctx.price('price_pro_month') }] },
    });
    expect(preview.created).toBe(item.current_period_end);
    expect(preview.parent?.subscription_details?.subscription_proration_date).toBeGreaterThan(0);
    const regular = preview.lines.data.filter((l) => !isProration(l));
    expect(regular.map((l) => l.amount)).toEqual([3000]);
    expect(preview.lines.data.filter(isProration)).toHaveLength(2);
  });

  it('has no subscription_proration_date and no proration lines when nothing prorates', async () => {
    const { sub, item } = await subscription();
    for (const details of [
      { items: [{ id: item.id, price: ctx.price('price_pro_month') }], proration_behavior: 'none' as const },
      {},
    ]) {
      const preview = await ctx.stripe.invoices.createPreview({
        subscription: sub.id,
        subscription_details: details,
      });
      expect(preview.parent?.subscription_details?.subscription_proration_date).toBeUndefined();
      expect(preview.lines.data.some(isProration)).toBe(false);
    }
  });
});
