import type Stripe from 'stripe';
import type { Logger } from '../logger';
import type { PlankitStore } from '../store/plankit-store';
import { withAttemptKey } from '../stripe/attempt-key';
import { CustomerLink } from './customer-link';
import type { CustomerMapping } from './customer-mapping';
import { type CustomerLookup, CustomerRecovery, userIdMetadataKey } from './customer-recovery';
import type { Identity } from './identity';

export { userIdMetadataKey } from './customer-recovery';

/**
 * Finds or creates the Stripe customer of the signed-in user, in this order: the app's mapping (authoritative),
 * the store's durable link (or its "no customer" mark), then, only when neither knows, the recovery path in
 * Stripe (the list by email, search re-checked, and on a mutation the claim of an unclaimed same-email customer,
 * seed 000), and finally, on a mutation, a new customer. A new or recovered customer is written to the store and
 * to the mapping at once, so steady-state traffic never searches. Creation uses an idempotency key derived from
 * the user, so concurrent requests on any number of instances create one customer.
 */
export class CustomerResolver {
  readonly link: CustomerLink;
  private readonly recovery: CustomerRecovery;
  private readonly reads = new Map<string, Promise<string | null>>();

  constructor(
    private readonly stripe: Stripe,
    private readonly store: PlankitStore,
    private readonly mapping: CustomerMapping | undefined,
    options: { matchByEmail: boolean; lookup: CustomerLookup; logger: Logger },
  ) {
    this.link = new CustomerLink(store);
    this.recovery = new CustomerRecovery(stripe, options.logger, options.lookup, options.matchByEmail);
  }

  /**
   * The user's customer id, or null. `create: false` is for reads and changes to existing subscriptions: it writes
   * nothing in Stripe. `create: true` (a mutation that needs a customer) may claim or create one. `replacing` names
   * a customer that turned out to be deleted: it is skipped wherever it is still recorded, and replaced.
   */
  async resolve(identity: Identity, options: { create: true; replacing?: string }): Promise<string>;
  async resolve(identity: Identity, options: { create: boolean; replacing?: string }): Promise<string | null>;
  async resolve(
    identity: Identity,
    options: { create: boolean; replacing?: string },
  ): Promise<string | null> {
    if (options.create || options.replacing) return (await this.find(identity, options))?.id ?? null;
    // Concurrent page views of one user share one lookup, so a user's first views spend one search, not several.
    const pending = this.reads.get(identity.userId);
    if (pending) return pending;
    const read = this.find(identity, options)
      .then((found) => found?.id ?? null)
      .finally(() => this.reads.delete(identity.userId));
    this.reads.set(identity.userId, read);
    return read;
  }

  /**
   * Like `resolve` with `create: true`, and says whether this very call created the customer: `created` is true
   * only when Stripe made a new customer for this request (not an idempotent replay of another request's
   * creation). Such a customer cannot have subscriptions or Checkout sessions yet.
   */
  async resolveForCheckout(
    identity: Identity,
    options: { replacing?: string } = {},
  ): Promise<{ id: string; created: boolean }> {
    const found = await this.find(identity, { create: true, ...options });
    if (!found) throw new Error('Plankit: customer creation returned nothing');
    return found;
  }

  /** Forgets the stored link, for example when Stripe says the customer was deleted. */
  async forget(identity: Identity): Promise<void> {
    await this.link.forget(identity.userId);
  }

  private async find(
    identity: Identity,
    options: { create: boolean; replacing?: string },
  ): Promise<{ id: string; created: boolean } | null> {
    const usable = (id: string | null | undefined): id is string => Boolean(id) && id !== options.replacing;
    const mapped = (await this.mapping?.find(identity)) ?? null;
    if (usable(mapped)) return { id: mapped, created: false };
    const stored = await this.link.read(identity.userId);
    if (stored !== null && stored !== 'none' && usable(stored.customerId)) {
      // The mapping lost (or never got) what the store knows: tell it.
      if (this.mapping) await this.mapping.save(identity, stored.customerId);
      return { id: stored.customerId, created: false };
    }
    if (stored === 'none' && !options.create) return null;
    // A mutation looks again despite a "no customer" mark: one made meanwhile outside Plankit must not be duplicated.
    const recovered = await this.recovery.recover(identity, { claim: options.create });
    let found: { id: string; created: boolean } | null = null;
    if (typeof recovered === 'object' && usable(recovered.customerId)) {
      found = { id: recovered.customerId, created: false };
    } else if (options.create) {
      found = await this.create(identity, options.replacing);
    }
    if (!found) {
      if (recovered === 'none') await this.link.markNoCustomer(identity.userId);
      return null;
    }
    await this.link.link(identity.userId, found.id);
    await this.mapping?.save(identity, found.id);
    return found;
  }

  /**
   * `replacing` goes into the idempotency key, so Stripe does not replay the deleted customer's creation, while
   * every instance that saw the same deleted customer still agrees on the key.
   */
  private async create(identity: Identity, replacing?: string): Promise<{ id: string; created: boolean }> {
    const params: Stripe.CustomerCreateParams = {
      email: identity.email || undefined,
      metadata: { [userIdMetadataKey]: identity.userId },
    };
    if (identity.name) params.name = identity.name;
    const parts = [identity.userId, identity.email, identity.name, replacing];
    const customer = await withAttemptKey(this.store, 'customer', parts, (idempotencyKey) =>
      this.stripe.customers.create(params, { idempotencyKey }),
    );
    // A replay means another request (on any instance) created it first and may already be using it.
    const replayed = customer.lastResponse?.headers?.['idempotent-replayed'] === 'true';
    return { id: customer.id, created: !replayed };
  }
}
