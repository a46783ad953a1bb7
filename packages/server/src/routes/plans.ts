import type { PlankitContext } from '../context';
import { jsonResponse } from '../http/json-response';

/** `GET /plans`: the joined catalog; 0 Stripe calls when cached; ETag and If-None-Match. */
export async function plansRoute(ctx: PlankitContext, request: Request): Promise<Response> {
  // The catalog is public: with the store down it is read from Stripe rather than failing the page.
  const catalog = await ctx.catalog.get({ storeDown: 'load' });
  const headers = {
    etag: catalog.etag,
    // Public data: browsers and CDNs may keep it briefly, then revalidate with the ETag.
    'cache-control': 'public, max-age=60, stale-while-revalidate=300',
  };
  const ifNoneMatch = request.headers.get('if-none-match');
  if (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === catalog.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return jsonResponse(catalog.public, 200, headers);
}
