import type Stripe from 'stripe';
import type { PlankitStore } from '../store/plankit-store';
import { withAttemptKey } from '../stripe/attempt-key';
import { idempotencyKey } from '../stripe/idempotency-key';
import type { CustomerMapping } from './customer-mapping';
import type { Identity } from './identity';

/** Metadata key linking a Stripe customer to the app's user. */
export const userIdMetadataKey = 'plankit_user_id';

const cacheTtlMs = 24 * 60 * 60 * 1000;

function cacheKey(userId: string): string {
  return `plankit:customer:${userId}`;
}

/** Quotes a value for Stripe's search query language. */
function searchString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function oldestFirst(a: Stripe.Customer, b: Stripe.Customer): number {
  return a.created - b.created || a.id.localeCompare(b.id);
}

/**
 * Finds or creates the Stripe customer of the signed-in user, in this order: the store cache, the app's mapping,
 * Stripe search on `metadata.plankit_user_id`, then (seed 000) a customer with the user's email that no other user
 * has claimed (claimed by writing the metadata), and finally a new customer. Creation uses an idempotency key
 * derived from the user, so concurrent requests on any number of instances create one customer.
 */
export class CustomerResolver {
  constructor(
    private readonly stripe: Stripe,
    private readonly store: PlankitStore,
    private readonly mapping: CustomerMapping | undefined,
    private readonly matchByEmail: boolean,
  ) {}

  async resolve(identity: Identity, options: { create: true; replacing?: string }): Promise<string>;
  async resolve(identity: Identity, options: { create: boolean; replacing?: string }): Promise<string | null>;
  async resolve(
    identity: Identity,
    options: { create: boolean; replacing?: string },
  ): Promise<string | null> {
    return (await this.find(identity, options))?.id ?? null;
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

  private async find(
    identity: Identity,
    options: { create: boolean; replacing?: string },
  ): Promise<{ id: string; created: boolean } | null> {
    const cached = await this.store.get(cacheKey(identity.userId));
    if (cached) return { id: cached, created: false };
    const mapped = (await this.mapping?.find(identity)) ?? null;
    if (mapped) {
      await this.store.set(cacheKey(identity.userId), mapped, cacheTtlMs);
      return { id: mapped, created: false };
    }
    const existing = await this.findInStripe(identity);
    const found = existing
      ? { id: existing, created: false }
      : options.create
        ? await this.create(identity, options.replacing)
        : null;
    if (!found) return null;
    await this.store.set(cacheKey(identity.userId), found.id, cacheTtlMs);
    await this.mapping?.save(identity, found.id);
    return found;
  }

  /** Forgets a cached id, for example when Stripe says the customer was deleted. */
  async forget(identity: Identity): Promise<void> {
    await this.store.delete(cacheKey(identity.userId));
  }

  private async findInStripe(identity: Identity): Promise<string | null> {
    const search = await this.stripe.customers.search({
      query: `metadata['${userIdMetadataKey}']:${searchString(identity.userId)}`,
      limit: 10,
    });
    const linked = search.data.filter(
      (customer) => customer.metadata?.[userIdMetadataKey] === identity.userId,
    );
    const first = linked.sort(oldestFirst)[0];
    if (first) return first.id;
    if (!this.matchByEmail || identity.email === '') return null;
    // Search is eventually consistent; the list by email is not, so it also catches a customer created seconds ago.
    const byEmail = await this.stripe.customers.list({ email: identity.email, limit: 10 });
    const ours = byEmail.data.filter(
      (customer) => customer.metadata?.[userIdMetadataKey] === identity.userId,
    );
    const mine = ours.sort(oldestFirst)[0];
    if (mine) return mine.id;
    const unclaimed = byEmail.data
      .filter((customer) => !customer.metadata?.[userIdMetadataKey])
      .sort(oldestFirst)
      .at(-1);
    if (!unclaimed) return null;
    await this.stripe.customers.update(
      unclaimed.id,
      { metadata: { [userIdMetadataKey]: identity.userId } },
      { idempotencyKey: idempotencyKey('claim', unclaimed.id, identity.userId) },
    );
    return unclaimed.id;
  }

  /**
   * `replacing` names a customer that turned out to be deleted: it goes into the idempotency key, so Stripe does not
   * replay that customer's creation, while every instance that saw the same deleted customer still agrees on the key.
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
