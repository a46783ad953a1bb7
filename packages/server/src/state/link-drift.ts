import type Stripe from 'stripe';
import { CustomerLink, noCustomerMark } from '../customers/customer-link';
import { userIdMetadataKey } from '../customers/customer-recovery';
import type { PlankitStore } from '../store/plankit-store';
import { isResourceMissing } from '../stripe/map-stripe-error';
import type { LinkDrift } from './drift-report';

/**
 * Checks every user's link to the customer whose metadata names them (`plankit:customer:<userId>`). With `fix`,
 * restores a missing link (nothing stored, or a "no customer" mark) and replaces one naming a customer that no
 * longer claims the user. A user claimed by several live customers is reported but left alone: which one the user
 * pays with is not for a batch job to guess.
 */
export async function checkLinks(
  stripe: Stripe,
  store: PlankitStore,
  customers: ReadonlyArray<{ customerId: string; userId: string }>,
  fix: boolean,
): Promise<LinkDrift[]> {
  const link = new CustomerLink(store);
  const byUser = new Map<string, string[]>();
  for (const { customerId, userId } of customers)
    byUser.set(userId, [...(byUser.get(userId) ?? []), customerId]);
  const drift: LinkDrift[] = [];
  for (const [userId, claimants] of byUser) {
    const stored = await link.read(userId);
    const storedId = stored === null ? null : stored === 'none' ? noCustomerMark : stored.customerId;
    if (storedId !== null && claimants.includes(storedId)) continue;
    if (storedId !== null && storedId !== noCustomerMark && (await claims(stripe, storedId, userId)))
      continue;
    const [only, ...others] = claimants;
    if (!only) continue;
    const shown = storedId === noCustomerMark ? 'none' : storedId;
    if (others.length > 0) {
      for (const customerId of claimants) {
        drift.push({
          userId,
          customerId,
          stored: shown,
          fixed: false,
          reason: `${claimants.length} customers name this user; link one by hand.`,
        });
      }
      continue;
    }
    if (fix) await link.link(userId, only);
    drift.push({ userId, customerId: only, stored: shown, fixed: fix });
  }
  return drift;
}

/**
 * Whether the linked customer (not seen in the walk) still names the user: one created after the walk started,
 * by a checkout running meanwhile, is right and must stay.
 */
async function claims(stripe: Stripe, customerId: string, userId: string): Promise<boolean> {
  try {
    const customer = await stripe.customers.retrieve(customerId);
    return !('deleted' in customer && customer.deleted) && customer.metadata?.[userIdMetadataKey] === userId;
  } catch (error) {
    if (isResourceMissing(error)) return false;
    throw error;
  }
}
