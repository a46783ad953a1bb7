import type { ResolvedCatalog } from '../catalog/resolved-catalog';
import type { PlankitContext } from '../context';
import type { PlainResponse } from '../http/plain-response';

/** What every warm `GET /plans` sends, computed once per catalog object rather than per request. */
interface ServedCatalog {
  ok: PlainResponse;
  notModified: PlainResponse;
}

const served = new WeakMap<ResolvedCatalog, ServedCatalog>();

function serve(catalog: ResolvedCatalog): ServedCatalog {
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

/**
 * `GET /plans`: the joined catalog; 0 Stripe calls when cached; ETag and If-None-Match. The body and headers are
 * built once per cached catalog (the store's generation still decides, on every request, which catalog is current).
 */
export async function plansReply(ctx: PlankitContext, ifNoneMatch: string | null): Promise<PlainResponse> {
  // The catalog is public: with the store down it is read from Stripe rather than failing the page.
  const catalog = await ctx.catalog.get({ storeDown: 'load' });
  const reply = serve(catalog);
  return matchesEtag(ifNoneMatch, catalog.etag) ? reply.notModified : reply.ok;
}
