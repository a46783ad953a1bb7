import { createHash } from 'node:crypto';

/**
 * A Stripe idempotency key derived from its parts: every instance that computes it from the same facts gets the
 * same key, so Stripe itself collapses their requests into one object. Hashed so no user id leaks into Stripe logs.
 */
export function idempotencyKey(
  purpose: string,
  ...parts: readonly (string | number | null | undefined)[]
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(parts.map((part) => part ?? null)))
    .digest('base64url');
  return `plankit-${purpose}-${hash.slice(0, 40)}`;
}
