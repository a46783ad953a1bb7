import type Stripe from 'stripe';
import type { Logger } from '../logger';
import { idempotencyKey } from '../stripe/idempotency-key';
import type { Identity } from './identity';

/** Metadata key linking a Stripe customer to the app's user. */
export const userIdMetadataKey = 'plankit_user_id';

/** How Plankit looks a user's customer up in Stripe when neither the store nor the app's mapping knows it. */
export type CustomerLookup = 'search' | 'no-search';

/** What a recovery found: a customer, nothing, or nothing but a search that could not run (do not cache that). */
export type Recovered = { customerId: string } | 'none' | 'unsure';

/** Stripe's search limit is per second: after a 429, one second without search. */
const searchPauseMs = 1000;

/** Quotes a value for Stripe's search query language. */
function searchString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/**
 * The oldest first; within one second the lower id by code unit (two customers never share an id). Not
 * `localeCompare`: its order depends on the runtime's locale and ignores case first, so two instances could pick
 * different customers ("cus_P" vs "cus_b").
 */
function oldestFirst(a: Stripe.Customer, b: Stripe.Customer): number {
  return a.created - b.created || (a.id < b.id ? -1 : 1);
}

function linkedTo(customer: Stripe.Customer | Stripe.DeletedCustomer, userId: string): boolean {
  return !customer.deleted && customer.metadata?.[userIdMetadataKey] === userId;
}

/** Stripe errors are told apart by their `type`, so a client from another copy of the SDK works too. */
function errorOf(error: unknown): { type?: string; statusCode?: number; message?: string } {
  return typeof error === 'object' && error !== null ? (error as Record<string, never>) : {};
}

/** Stripe answers search this way on accounts where search is not offered (India, for example). */
function isSearchUnavailable(error: unknown): boolean {
  const { type, message } = errorOf(error);
  return (
    type === 'StripeInvalidRequestError' &&
    /search/i.test(message ?? '') &&
    /unavailable|not available/i.test(message ?? '')
  );
}

function isRateLimited(error: unknown): boolean {
  const { type, statusCode } = errorOf(error);
  return type === 'StripeRateLimitError' || statusCode === 429;
}

/**
 * The recovery path for a user whose link neither the store nor the app's mapping holds (a lost store, a
 * customer created before Plankit): the list by email, which is read-after-write and so also finds a customer
 * created seconds ago, then, only when it names no customer linked to the user, Stripe search on
 * `metadata.plankit_user_id` (a customer whose email changed since), each hit re-read before it is trusted (search
 * results lag and may name a deleted customer). Only a mutation may claim an unclaimed same-email customer, and only
 * after search found none linked.
 */
export class CustomerRecovery {
  private searchAvailable: boolean;
  /** After Stripe's search 429, lookups use the list only until then (ms), so a burst does not keep hitting it. */
  private searchPausedUntil = 0;

  constructor(
    private readonly stripe: Stripe,
    private readonly logger: Logger,
    lookup: CustomerLookup,
    private readonly matchByEmail: boolean,
  ) {
    this.searchAvailable = lookup === 'search';
  }

  async recover(identity: Identity, options: { claim: boolean }): Promise<Recovered> {
    // The list by email first: read-after-write and current, so a linked customer it names needs no search, no
    // re-read and no search quota (one call for the usual cold lookup, whatever the customer's age).
    const byEmail =
      identity.email === ''
        ? { data: [] as Stripe.Customer[] }
        : await this.stripe.customers.list({ email: identity.email, limit: 10 });
    const mine = byEmail.data.filter((customer) => linkedTo(customer, identity.userId)).sort(oldestFirst)[0];
    if (mine) return { customerId: mine.id };
    // Search finds what the list cannot: a customer whose email differs from the user's current one.
    let unsure = false;
    if (this.searchAvailable && Date.now() < this.searchPausedUntil) unsure = true;
    else if (this.searchAvailable) {
      const found = await this.search(identity);
      if (found === 'unsure') unsure = true;
      else if (found) return { customerId: found };
    }
    if (options.claim && this.matchByEmail) {
      const unclaimed = byEmail.data
        .filter((customer) => !customer.metadata?.[userIdMetadataKey])
        .sort(oldestFirst)
        .at(-1);
      if (unclaimed && (await this.claim(identity, unclaimed.id))) return { customerId: unclaimed.id };
    }
    return unsure ? 'unsure' : 'none';
  }

  /** The oldest live customer search names for the user, re-read; 'unsure' when search could not answer. */
  private async search(identity: Identity): Promise<string | null | 'unsure'> {
    let result: Stripe.ApiSearchResult<Stripe.Customer>;
    try {
      result = await this.stripe.customers.search({
        query: `metadata['${userIdMetadataKey}']:${searchString(identity.userId)}`,
        limit: 10,
      });
    } catch (error) {
      if (isSearchUnavailable(error)) {
        this.searchAvailable = false;
        this.logger.warn(
          "Plankit: Stripe search is not available on this account; set customerLookup: 'no-search'. Falling back to the list by email.",
        );
        return null;
      }
      // Over the search quota: the list by email still answers, but "nothing found" is not certain then.
      if (isRateLimited(error)) {
        this.searchPausedUntil = Date.now() + searchPauseMs;
        return 'unsure';
      }
      throw error;
    }
    const candidates = result.data
      .filter((customer) => linkedTo(customer, identity.userId))
      .sort(oldestFirst);
    for (const candidate of candidates) {
      const current = await this.stripe.customers.retrieve(candidate.id);
      if (linkedTo(current, identity.userId)) return current.id;
    }
    return null;
  }

  /**
   * Claims an unclaimed customer with the user's (verified) email by writing the metadata. The idempotency key
   * depends on the customer only, so of two users claiming the same customer at once only the first write lands
   * (the other gets Stripe's idempotency error); the customer is then re-read and accepted only if it names this
   * user.
   */
  private async claim(identity: Identity, customerId: string): Promise<boolean> {
    try {
      await this.stripe.customers.update(
        customerId,
        { metadata: { [userIdMetadataKey]: identity.userId } },
        { idempotencyKey: idempotencyKey('claim', customerId) },
      );
    } catch (error) {
      const { type } = errorOf(error);
      // Another user's claim holds the key (or failed): the re-read below decides.
      if (type !== 'StripeIdempotencyError' && type !== 'StripeInvalidRequestError') throw error;
    }
    const current = await this.stripe.customers.retrieve(customerId);
    return linkedTo(current, identity.userId);
  }
}
