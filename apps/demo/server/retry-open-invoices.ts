import type Stripe from 'stripe';

/**
 * When a customer changes their default card (the portal's payment method page), pays their open invoices
 * right away, so a past-due subscription is active again as soon as the card is fixed rather than at the next
 * scheduled retry days later. Declines are left to Stripe's own retry schedule.
 */
export async function retryOpenInvoicesAfterCardChange(stripe: Stripe, event: Stripe.Event): Promise<void> {
  if (event.type !== 'customer.updated') return;
  const previous = event.data.previous_attributes as Partial<Stripe.Customer> | undefined;
  // Only the changed keys are listed, down to sub-keys: another invoice setting changing is not a card change.
  const settings = previous?.invoice_settings as Record<string, unknown> | null | undefined;
  if (!settings || !('default_payment_method' in settings)) return;
  const customer = event.data.object;
  if (!customer.invoice_settings.default_payment_method) return;
  const open = await stripe.invoices.list({ customer: customer.id, status: 'open', limit: 10 });
  for (const invoice of open.data) {
    if (invoice.collection_method !== 'charge_automatically' || !invoice.id) continue;
    try {
      await stripe.invoices.pay(invoice.id);
    } catch (error) {
      // A declined card: the invoice stays open and Stripe retries it on schedule.
      if (!(error instanceof Error && 'type' in error && error.type === 'StripeCardError')) throw error;
    }
  }
}
