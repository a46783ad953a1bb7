/** Adds Plankit's query parameters to a return address, keeping any fragment last. */
export function withQuery(base: string, query: string): string {
  const hashAt = base.indexOf('#');
  const path = hashAt === -1 ? base : base.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : base.slice(hashAt);
  return `${path}${path.includes('?') ? '&' : '?'}${query}${hash}`;
}

/** Checkout's success URL: Stripe fills in `{CHECKOUT_SESSION_ID}` (it must stay unencoded). */
export function successUrl(returnTo: string): string {
  return withQuery(returnTo, 'checkout=success&session_id={CHECKOUT_SESSION_ID}');
}

export function cancelUrl(returnTo: string): string {
  return withQuery(returnTo, 'checkout=canceled');
}
