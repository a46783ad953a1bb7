import type { Identity } from './identity';

/**
 * Where the app keeps its own userId <-> Stripe customer id mapping (for example a column on the users table).
 * Without one, Plankit finds customers by the `plankit_user_id` metadata it writes on them, and caches the id.
 */
export interface CustomerMapping {
  /** The customer id stored for this user, or null. */
  find(identity: Identity): Promise<string | null>;
  /** Called once Plankit has found or created the user's customer. */
  save(identity: Identity, customerId: string): Promise<void>;
}
