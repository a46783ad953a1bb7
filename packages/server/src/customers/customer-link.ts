import type { PlankitStore } from '../store/plankit-store';

/**
 * The durable user -> Stripe customer link, in the store. One key per user:
 *
 * | key                          | value     | ttl                  | meaning                                      |
 * | ---------------------------- | --------- | -------------------- | -------------------------------------------- |
 * | `plankit:customer:<userId>`  | `cus_...` | none                 | the user's customer (written when created)   |
 * | `plankit:customer:<userId>`  | `-`       | {@link noCustomerTtlMs} | looked up: the user has no customer yet   |
 *
 * One key for both, so writing the link replaces the "no customer" mark in one step, and marking "no customer"
 * never overwrites a link another request wrote meanwhile (`setIfAbsent`). Later work (per-customer billing
 * snapshots, a Postgres store) builds on these keys.
 */
export const noCustomerMark = '-';

/** How long "this user has no customer" is believed without looking again (webhooks and creation clear it sooner). */
export const noCustomerTtlMs = 10 * 60 * 1000;

export function customerLinkKey(userId: string): string {
  return `plankit:customer:${userId}`;
}

/** What the store knows about a user's customer. */
export type StoredLink = { customerId: string } | 'none' | null;

export class CustomerLink {
  constructor(private readonly store: PlankitStore) {}

  async read(userId: string): Promise<StoredLink> {
    const value = await this.store.get(customerLinkKey(userId));
    if (value === null) return null;
    return value === noCustomerMark ? 'none' : { customerId: value };
  }

  /** Links the user to the customer, replacing a "no customer" mark; kept until unlinked. */
  async link(userId: string, customerId: string): Promise<void> {
    await this.store.set(customerLinkKey(userId), customerId);
  }

  /** Remembers that the user has no customer, unless a link was written meanwhile. */
  async markNoCustomer(userId: string): Promise<void> {
    await this.store.setIfAbsent(customerLinkKey(userId), noCustomerMark, noCustomerTtlMs);
  }

  /** Drops the link only if it still names this customer (a newer link written meanwhile stays). */
  async unlink(userId: string, customerId: string): Promise<void> {
    await this.store.deleteIfValue(customerLinkKey(userId), customerId);
  }

  /** Forgets whatever the store holds for the user. */
  async forget(userId: string): Promise<void> {
    await this.store.delete(customerLinkKey(userId));
  }
}
