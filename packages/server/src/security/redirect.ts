import { PlankitError } from '../http/plankit-error';

// Control characters, any whitespace (also Unicode spaces) and backslashes: browsers "repair" these in ways
// that turn a harmless-looking path into another host (`/\evil.example`, `/\tevil`), so they are refused outright.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const forbiddenCharacters = /[\u0000-\u001f\u007f-\u009f\s\\\u200b-\u200f\u2028\u2029\ufeff]/u;

/**
 * Resolves a return address against the first allowed origin and returns it as an absolute URL,
 * or throws `redirect_not_allowed`. Accepted: a path (`/account`) or an absolute http(s) URL whose origin is
 * exactly one of `allowedOrigins`. Refused: protocol-relative `//host`, backslashes, whitespace and control
 * characters, userinfo (`https://app.example.com@evil.example`), other schemes (`javascript:`, `data:`), other origins.
 */
export function resolveRedirect(value: string, allowedOrigins: readonly string[]): string {
  const primary = allowedOrigins[0];
  if (!primary) throw new PlankitError('redirect_not_allowed');
  if (value.length === 0 || forbiddenCharacters.test(value) || value.startsWith('//')) {
    throw new PlankitError('redirect_not_allowed');
  }
  let url: URL;
  try {
    url = new URL(value, primary);
  } catch {
    throw new PlankitError('redirect_not_allowed');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new PlankitError('redirect_not_allowed');
  if (url.username !== '' || url.password !== '') throw new PlankitError('redirect_not_allowed');
  if (!allowedOrigins.includes(url.origin)) throw new PlankitError('redirect_not_allowed');
  return url.href;
}

/**
 * Normalizes the configured origins (`https://app.example.com`, no path) and fails fast on anything else,
 * so a typo cannot silently open redirects or CORS to the wrong place.
 */
export function normalizeAllowedOrigins(origins: readonly string[]): string[] {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new Error('Plankit: allowedOrigins needs at least one origin, e.g. ["https://app.example.com"].');
  }
  return origins.map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new Error(`Plankit: allowedOrigins entry "${origin}" is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`Plankit: allowedOrigins entry "${origin}" must use http or https.`);
    }
    const bare = `${url.origin}/`;
    if (url.href !== bare || url.username || url.password) {
      throw new Error(
        `Plankit: allowedOrigins entry "${origin}" must be an origin only, like "${url.origin}".`,
      );
    }
    return url.origin;
  });
}
