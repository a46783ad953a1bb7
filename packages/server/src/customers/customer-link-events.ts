import type Stripe from 'stripe';
import type { CustomerLink } from './customer-link';
import { userIdMetadataKey } from './customer-recovery';

/**
 * Keeps the store's links right when customers change in Stripe (the dashboard, another system, a support fix):
 * a deleted customer, or one whose `plankit_user_id` moved, is unlinked from its former user; a user marked as
 * having no customer gets linked once a customer names them, re-read from Stripe first (webhooks arrive late,
 * twice and out of order, so the payload is only a hint). Links are only dropped if they still name this customer.
 */
export async function syncCustomerLink(
  stripe: Stripe,
  link: CustomerLink,
  event: Stripe.Event,
): Promise<void> {
  if (
    event.type !== 'customer.created' &&
    event.type !== 'customer.updated' &&
    event.type !== 'customer.deleted'
  ) {
    return;
  }
  const customer = event.data.object as Stripe.Customer;
  const userId = customer.metadata?.[userIdMetadataKey] || undefined;
  if (event.type === 'customer.deleted') {
    if (userId) await link.unlink(userId, customer.id);
    return;
  }
  if (event.type === 'customer.updated') {
    const previous = (event.data.previous_attributes as Partial<Stripe.Customer> | undefined)?.metadata;
    const before = previous?.[userIdMetadataKey];
    if (before && before !== userId) await link.unlink(before, customer.id);
  }
  if (userId && (await link.read(userId)) === 'none') {
    const current = await stripe.customers.retrieve(customer.id).catch((error: unknown) => {
      // Gone since (the event is only a hint): nothing to link.
      if ((error as { code?: string }).code === 'resource_missing') return null;
      throw error;
    });
    if (current && !current.deleted && current.metadata?.[userIdMetadataKey] === userId) {
      await link.link(userId, current.id);
    }
  }
}
