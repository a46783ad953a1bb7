import { matchCatalogLocale } from '@plankit/core';
import type { PublicCatalog } from '../catalog/resolved-catalog';
import type { PlankitContext } from '../context';
import type { PlainResponse } from '../http/plain-response';

/** What every warm `GET /plans` sends, computed once per catalog object rather than per request. */
interface ServedCatalog {
  ok: PlainResponse;
  notModified: PlainResponse;
}

const served = new WeakMap<PublicCatalog, ServedCatalog>();

function serve(catalog: PublicCatalog): ServedCatalog {
  const known = served.get(catalog);
  if (known) return known;
  const cacheHeaders = {
    etag: catalog.etag,
    // Public data: browsers and CDNs may keep it briefly, then revalidate with the ETag.
    'cache-control': 'public, max-age=60, stale-while-revalidate=300',
  };
  const body = new TextEncoder().encode(JSON.stringify(catalog.public));
  const fresh: ServedCatalog = {
    ok: {
      status: 200,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(body.byteLength),
        'x-content-type-options': 'nosniff',
        ...cacheHeaders,
      },
      body,
    },
    notModified: { status: 304, headers: cacheHeaders, body: null },
  };
  served.set(catalog, fresh);
  return fresh;
}

function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (ifNoneMatch === null) return false;
  if (ifNoneMatch === etag) return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** The `locale` query parameter of `?locale=de&…`, without building a URL (the warm path stays allocation-light). */
export function localeParam(search: string | null | undefined): string | null {
  if (!search) return null;
  const match = /(?:^|[?&])locale=([^&]*)/.exec(search);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null; // malformed escapes: the default texts, never an error
  }
}

/**
 * `GET /plans[?locale=de]`: the joined catalog in the caller's locale (the app's translations, else its default
 * texts; the body's `locale` says which). The locale is in the URL rather than read from Accept-Language, so
 * every locale is its own cacheable URL and shared caches need no `Vary: Accept-Language`.
 * 0 Stripe calls when cached; ETag and If-None-Match. The body and headers are
 * built once per cached catalog (the store's generation still decides, on every request, which catalog is current).
 */
export async function plansReply(
  ctx: PlankitContext,
  ifNoneMatch: string | null,
  locale: string | null = null,
): Promise<PlainResponse> {
  // The catalog is public: with the store down it is read from Stripe rather than failing the page.
  const catalog = await ctx.catalog.get({ storeDown: 'load' });
  const chosen =
    locale === null ? catalog : (catalog.locales[matchCatalogLocale(ctx.plans, locale)] ?? catalog);
  const reply = serve(chosen);
  return matchesEtag(ifNoneMatch, chosen.etag) ? reply.notModified : reply.ok;
}
