/** Whether `value` is an absolute http(s) URL: the only kind Stripe accepts for redirects. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A link target for a hosted page: the URL when it is absolute http(s), otherwise `fallback`. The API refuses
 * other URLs already; this also covers state loaded from a seed or a persisted file, so no page ever renders or
 * redirects to a `javascript:` URL.
 */
export function safeHref(value: string | null | undefined, fallback = '#'): string {
  if (!value) return fallback;
  return isHttpUrl(value) || value.startsWith('/') ? value : fallback;
}
