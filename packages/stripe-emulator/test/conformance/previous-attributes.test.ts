import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { catalog } from '../helpers.js';
import { emulatorOnly, useTarget } from './target.js';

const portalConfig: Stripe.BillingPortal.ConfigurationCreateParams = {
  features: {
    subscription_cancel: {
      enabled: true,
      mode: 'at_period_end',
      cancellation_reason: { enabled: true, options: ['too_expensive', 'other'] },
    },
  },
};

function updatesOf(events: Stripe.Event[], id: string): Stripe.CustomerSubscriptionUpdatedEvent[] {
  return events
    .filter((e): e is Stripe.CustomerSubscriptionUpdatedEvent => e.type === 'customer.subscription.updated')
    .filter((e) => e.data.object.id === id)
    .reverse();
}

describe('previous_attributes of *.updated events', () => {
  const ctx = useTarget({ ...catalog, billing_portal_configuration: portalConfig });

  async function subscribed(email: string) {
    const customer = await ctx.stripe.customers.create({
      email,
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const sub = await ctx.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: ctx.price('price_basic_month') }],
    });
    return { customer, sub };
  }

  it('holds only the changed keys, and only the changed sub-keys of nested hashes', async () => {
    const { stripe } = ctx;
    const { sub } = await subscribed('prev@example.com');
    await stripe.subscriptions.update(sub.id, { cancellation_details: { comment: 'kept' } });
    await stripe.subscriptions.update(sub.id, {
      cancellation_details: { feedback: 'too_expensive', comment: 'kept' },
      metadata: { a: '1' },
    });
    const [first, second] = updatesOf(await ctx.events(), sub.id);
    expect(first?.data.previous_attributes).toEqual({ cancellation_details: { comment: null } });
    expect(second?.data.previous_attributes).toEqual({
      cancellation_details: { feedback: null },
      metadata: { a: null },
    });
  });

  it('reports nothing for an update that sets a value to what it already was', async () => {
    const { stripe } = ctx;
    const customer = await stripe.customers.create({ email: 'same@example.com', name: 'Same' });
    await stripe.customers.update(customer.id, { name: 'Same', email: 'other@example.com' });
    const updated = (await ctx.events()).find(
      (e): e is Stripe.CustomerUpdatedEvent =>
        e.type === 'customer.updated' && e.data.object.id === customer.id,
    );
    expect(updated?.data.previous_attributes).toEqual({ email: 'same@example.com' });
  });

  emulatorOnly(
    'portal cancel: the scheduled cancellation first, the survey answer in a later update',
    async () => {
      const { stripe, emulator } = ctx;
      const { customer, sub } = await subscribed('portal-prev@example.com');
      const session = await stripe.billingPortal.sessions.create({
        customer: customer.id,
        return_url: 'http://app.test/account',
      });
      const res = await fetch(`${emulator.url}/p/session/${session.id}/cancel/${sub.id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          action: 'cancel',
          feedback: 'too_expensive',
          comment: 'Budget',
        }).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBeLessThan(400);
      const [scheduled, survey] = updatesOf(await ctx.events(), sub.id);
      expect(scheduled?.data.object.cancel_at_period_end).toBe(true);
      expect(scheduled?.data.object.cancellation_details?.feedback).toBeNull();
      expect(scheduled?.data.previous_attributes).toMatchObject({
        cancel_at_period_end: false,
        cancellation_details: { reason: null },
      });
      expect(survey?.data.previous_attributes).toEqual({
        cancellation_details: { comment: null, feedback: null },
      });
      expect(survey?.data.object.cancellation_details).toMatchObject({
        feedback: 'too_expensive',
        comment: 'Budget',
      });
    },
  );
});
