import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog, useEmulator } from './helpers.js';

// A price's amount as strictly as Stripe takes it, and stricter where the emulator cannot bill what Stripe would:
// such prices are refused, never billed as something else.
describe('price amounts', () => {
  const ctx = useEmulator({ seed: catalog });
  const monthly = { product: 'prod_basic', currency: 'usd', recurring: { interval: 'month' as const } };
  const tiers = [
    { up_to: 10, unit_amount: 500 },
    { up_to: 'inf' as const, unit_amount: 400 },
  ];

  function refusal(promise: Promise<unknown>) {
    return promise.then(
      () => {
        throw new Error('expected Stripe to refuse');
      },
      (error: Stripe.errors.StripeError) => [error.statusCode, error.param],
    );
  }

  it('a tiered price is kept with no unit amount, as in Stripe, and refused wherever it would be billed', async () => {
    const price = await ctx.stripe.prices.create({
      ...monthly,
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers,
    });
    expect([price.billing_scheme, price.tiers_mode, price.unit_amount, price.unit_amount_decimal]).toEqual([
      'tiered',
      'graduated',
      null,
      null,
    ]);
    const customer = await ctx.stripe.customers.create({ email: 'tiers@example.com' });
    const subscribing = ctx.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    await expect(subscribing).rejects.toThrow('The Plankit emulator does not bill tiered prices');
    const checkout = ctx.stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://localhost:5173/done',
    });
    expect(await refusal(checkout)).toEqual([400, 'line_items[0][price]']);
  });

  it('tiers need a mode, rising bounds and an open last tier, and no unit amount beside them', async () => {
    const tiered = { ...monthly, billing_scheme: 'tiered' as const };
    expect(await refusal(ctx.stripe.prices.create({ ...tiered, tiers }))).toEqual([400, 'tiers_mode']);
    expect(await refusal(ctx.stripe.prices.create({ ...tiered, tiers_mode: 'volume' }))).toEqual([
      400,
      'tiers',
    ]);
    expect(
      await refusal(
        ctx.stripe.prices.create({
          ...tiered,
          tiers_mode: 'volume',
          tiers: [{ up_to: 10, unit_amount: 500 }],
        }),
      ),
    ).toEqual([400, 'tiers[0][up_to]']);
    expect(
      await refusal(
        ctx.stripe.prices.create({
          ...tiered,
          tiers_mode: 'volume',
          tiers: [
            { up_to: 10, unit_amount: 500 },
            { up_to: 5, unit_amount: 450 },
            { up_to: 'inf', unit_amount: 400 },
          ],
        }),
      ),
    ).toEqual([400, 'tiers[1][up_to]']);
    expect(
      await refusal(ctx.stripe.prices.create({ ...tiered, tiers_mode: 'volume', tiers: [{ up_to: 'inf' }] })),
    ).toEqual([400, 'tiers[0][unit_amount]']);
    expect(
      await refusal(ctx.stripe.prices.create({ ...tiered, tiers_mode: 'volume', tiers, unit_amount: 100 })),
    ).toEqual([400, 'unit_amount']);
    expect(await refusal(ctx.stripe.prices.create({ ...monthly, unit_amount: 100, tiers }))).toEqual([
      400,
      'tiers',
    ]);
    expect(
      await refusal(ctx.stripe.prices.create({ ...monthly, unit_amount: 100, tiers_mode: 'volume' })),
    ).toEqual([400, 'tiers_mode']);
    // A tier may give its amount as a decimal or a flat fee.
    const decimalTiers = await ctx.stripe.prices.create({
      ...tiered,
      tiers_mode: 'volume',
      tiers: [
        { up_to: 10, flat_amount_decimal: Stripe.Decimal.from('1000') },
        { up_to: 'inf', unit_amount_decimal: Stripe.Decimal.from('450') },
      ],
    });
    expect(decimalTiers.billing_scheme).toBe('tiered');
  });

  it('a whole-cent unit_amount_decimal is the unit amount; a sub-cent one and custom_unit_amount are refused', async () => {
    const whole = await ctx.stripe.prices.create({
      ...monthly,
      unit_amount_decimal: Stripe.Decimal.from('1200'),
    });
    expect([whole.unit_amount, String(whole.unit_amount_decimal)]).toEqual([1200, '1200']);
    expect(
      await refusal(
        ctx.stripe.prices.create({ ...monthly, unit_amount_decimal: Stripe.Decimal.from('1250.5') }),
      ),
    ).toEqual([400, 'unit_amount_decimal']);
    expect(
      await refusal(
        ctx.stripe.prices.create({
          ...monthly,
          unit_amount: 1200,
          unit_amount_decimal: Stripe.Decimal.from('1200'),
        }),
      ),
    ).toEqual([400, 'unit_amount_decimal']);
    expect(
      await refusal(
        ctx.stripe.prices.create({
          product: 'prod_basic',
          currency: 'usd',
          custom_unit_amount: { enabled: true, minimum: 500 },
        }),
      ),
    ).toEqual([400, 'custom_unit_amount']);
    expect(await refusal(ctx.stripe.prices.create({ ...monthly }))).toEqual([400, 'unit_amount']);
  });
});
