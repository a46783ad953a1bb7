import { PlankitError } from '../http/plankit-error';

const fetchSites = new Set(['same-origin', 'same-site', 'cross-site']);

/**
 * Checks that a request comes from a page on an allowed origin. Mutations must carry an Origin header;
 * reads may omit it (browsers do for same-origin GET), but a foreign one is refused either way.
 * On mutations, Sec-Fetch-* headers, when a browser sends them, must describe a script request (not a typed URL
 * or a form navigation): defence in depth on top of the JSON-only rule.
 */
export function checkOrigin(
  request: { headers: { get(name: string): string | null } },
  allowedOrigins: readonly string[],
  required: boolean,
): string | null {
  const origin = request.headers.get('origin');
  if (origin === null) {
    if (required) throw new PlankitError('forbidden_origin');
  } else if (!allowedOrigins.includes(origin)) {
    throw new PlankitError('forbidden_origin');
  }
  if (required) {
    const site = request.headers.get('sec-fetch-site');
    if (site !== null && !fetchSites.has(site)) throw new PlankitError('forbidden_origin');
    if (request.headers.get('sec-fetch-mode') === 'navigate') throw new PlankitError('forbidden_origin');
  }
  return origin;
}
