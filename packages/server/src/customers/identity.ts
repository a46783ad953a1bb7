import { PlankitError } from '../http/plankit-error';

/**
 * The signed-in user, as the app's `identify()` returns it. The email must be verified by the app and unique to this
 * user: on a mutation Plankit may link an unclaimed Stripe customer with that email to them (seed 000).
 */
export interface Identity {
  userId: string;
  email: string;
  name?: string | undefined;
}

/** Checks what `identify()` returned; a malformed identity is an app bug, answered as 500 and logged. */
export function checkIdentity(value: unknown): Identity | null {
  if (value === null || value === undefined) return null;
  const identity = value as Partial<Identity>;
  if (
    typeof identity.userId !== 'string' ||
    identity.userId.length === 0 ||
    identity.userId.length > 200 ||
    typeof identity.email !== 'string' ||
    identity.email.length > 512 ||
    (identity.name !== undefined && typeof identity.name !== 'string')
  ) {
    throw new PlankitError('internal_error', {});
  }
  return { userId: identity.userId, email: identity.email, name: identity.name };
}
