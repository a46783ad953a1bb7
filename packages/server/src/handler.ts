import { maxRequestBodyBytes, type RouteName, routes, webhookPath } from '@plankit/core';
import type { PlankitContext, RouteInput } from './context';
import { checkIdentity, type Identity } from './customers/identity';
import { type ErrorReplyOptions, errorReply, jsonResponse } from './http/json-response';
import { type BodilessRequest, type PlainResponse, toWebResponse } from './http/plain-response';
import { PlankitError } from './http/plankit-error';
import { readBody } from './http/read-body';
import { cancelRoute } from './routes/cancel';
import { changePlanRoute } from './routes/change-plan';
import { checkoutRoute } from './routes/checkout';
import { localeParam, plansReply } from './routes/plans';
import { portalRoute } from './routes/portal';
import { previewChangeRoute } from './routes/preview-change';
import { resumeRoute } from './routes/resume';
import { retentionAcceptRoute } from './routes/retention-accept';
import { subscriptionRoute } from './routes/subscription';
import { syncRoute } from './routes/sync';
import { webhookRoute } from './routes/webhook';
import { checkOrigin } from './security/origin';
import { consume } from './security/rate-limit';
import { mapStripeError } from './stripe/map-stripe-error';

// biome-ignore lint/suspicious/noExplicitAny: each route declares its own body type; the schema guarantees it
type RouteFn = (ctx: PlankitContext, input: RouteInput<any>) => Promise<unknown>;

const routeFns: Record<Exclude<RouteName, 'plans'>, RouteFn> = {
  subscription: subscriptionRoute,
  checkout: checkoutRoute,
  portal: portalRoute,
  previewChange: previewChangeRoute,
  changePlan: changePlanRoute,
  cancel: cancelRoute,
  retentionAccept: retentionAcceptRoute,
  resume: resumeRoute,
  sync: syncRoute,
};

const routeByPath = new Map<string, RouteName>(
  Object.entries(routes).map(([name, route]) => [route.path, name as RouteName]),
);

function isJson(request: Request): boolean {
  const type = request.headers.get('content-type');
  if (!type) return false;
  const [mediaType, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') return false;
  return parameters.every((parameter) => !parameter.startsWith('charset=') || parameter === 'charset=utf-8');
}

function zodDetails(issues: readonly { path: readonly PropertyKey[]; code: string; message: string }[]) {
  return {
    issues: issues.map((issue) => ({
      path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
      code: issue.code,
      message: issue.message,
    })),
  };
}

function corsHeaders(origin: string | null, allowed: readonly string[]): Record<string, string> {
  if (!origin || !allowed.includes(origin)) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-credentials': 'true',
    vary: 'Origin',
  };
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'vary') response.headers.append('vary', value);
    else response.headers.set(name, value);
  }
  return response;
}

async function identify(ctx: PlankitContext, request: Request): Promise<Identity> {
  const identity = checkIdentity(await ctx.options.identify(request));
  if (!identity) throw new PlankitError('unauthenticated');
  return identity;
}

async function parseJsonBody(request: Request): Promise<unknown> {
  const bytes = await readBody(request, maxRequestBodyBytes);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new PlankitError('invalid_request', { message: 'The request body is not valid JSON.' });
  }
}

async function dispatch(ctx: PlankitContext, request: Request, path: string): Promise<Response> {
  if (path === webhookPath) {
    if (request.method !== 'POST')
      throw new PlankitError('method_not_allowed', { headers: { allow: 'POST' } });
    return webhookRoute(ctx, request);
  }
  const name = routeByPath.get(path);
  if (!name) throw new PlankitError('not_found');
  const route = routes[name];
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (method === 'OPTIONS') {
    const origin = checkOrigin(request, ctx.allowedOrigins, true);
    return new Response(null, {
      status: 204,
      headers: {
        ...corsHeaders(origin, ctx.allowedOrigins),
        'access-control-allow-methods': route.method,
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      },
    });
  }
  if (method !== route.method) {
    throw new PlankitError('method_not_allowed', { headers: { allow: route.method } });
  }
  checkOrigin(request, ctx.allowedOrigins, route.method === 'POST');
  if (name === 'plans') {
    const query = request.url.indexOf('?');
    const locale = query === -1 ? null : localeParam(request.url.slice(query));
    return toWebResponse(await plansReply(ctx, request.headers.get('if-none-match'), locale));
  }
  let body: unknown = null;
  if (route.request) {
    if (!isJson(request)) throw new PlankitError('unsupported_media_type');
    const parsed = route.request.safeParse(await parseJsonBody(request));
    if (!parsed.success)
      throw new PlankitError('invalid_request', { details: zodDetails(parsed.error.issues) });
    body = parsed.data;
  }
  const identity = await identify(ctx, request);
  // Every mutation of one user counts against their window (in the store, so across instances).
  const limit = ctx.options.rateLimit?.mutations;
  if (limit && route.method === 'POST') await consume(ctx.store, 'mutation', identity.userId, limit);
  const result = await routeFns[name](ctx, { request, body, identity });
  return jsonResponse(result);
}

/**
 * Turns any thrown value into a response: Plankit errors with their code, Stripe errors mapped, anything else
 * a 500 `internal_error` that reveals nothing (the details go to the server log).
 */
function failure(ctx: PlankitContext, error: unknown): PlainResponse {
  const known = error instanceof PlankitError ? error : mapStripeError(error);
  if (known) {
    if (
      known.code === 'internal_error' ||
      known.code.startsWith('stripe_') ||
      known.code === 'store_unavailable'
    ) {
      ctx.logger.error(`Plankit: ${known.code}`, error);
    }
    const options: ErrorReplyOptions = {};
    if (known.publicMessage) options.message = known.publicMessage;
    if (known.details) options.details = known.details;
    if (known.headers) options.headers = known.headers;
    return errorReply(known.code, options);
  }
  ctx.logger.error('Plankit: unexpected error', error);
  return errorReply('internal_error');
}

/** Builds the web-standard `Request -> Response` handler for every route below `basePath`. */
export function createHandler(
  ctx: PlankitContext,
  basePath: string,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const origin = request.headers.get('origin');
    let response: Response;
    try {
      const { pathname } = new URL(request.url);
      if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) throw new PlankitError('not_found');
      // Trailing slashes trimmed by a loop: /\/+$/ backtracks quadratically on a long run of inner slashes.
      let end = pathname.length;
      while (end > basePath.length && pathname.charCodeAt(end - 1) === 47) end -= 1;
      const path = pathname.slice(basePath.length, end) || '/';
      response = await dispatch(ctx, request, path);
    } catch (error) {
      response = toWebResponse(failure(ctx, error));
    }
    return withHeaders(response, corsHeaders(origin, ctx.allowedOrigins));
  };
}

/**
 * The same answers as the handler for the one route that needs no web `Request`: `GET`/`HEAD` on exactly
 * `basePath + '/plans'` (origin check, catalog with its generation check, ETag/304, errors, CORS). Returns null for
 * anything else, which then goes through the handler. Lets the node and Express adapters serve a warm catalog
 * without building `Headers`, `URL`, `Request` and `Response` objects.
 */
export function createBodilessAnswer(
  ctx: PlankitContext,
  basePath: string,
): (request: BodilessRequest) => Promise<PlainResponse | null> {
  const plansPath = `${basePath}${routes.plans.path}`;
  // A warm reply is the same object for every request until the catalog changes: keep it with its CORS headers
  // per origin (only allowed origins get their own entry, so the cache stays as small as allowedOrigins).
  const withCors = new WeakMap<PlainResponse, Map<string | null, PlainResponse>>();
  function corsReply(reply: PlainResponse, origin: string | null): PlainResponse {
    const key = origin !== null && ctx.allowedOrigins.includes(origin) ? origin : null;
    let byOrigin = withCors.get(reply);
    const known = byOrigin?.get(key);
    if (known) return known;
    const full = { ...reply, headers: { ...reply.headers, ...corsHeaders(key, ctx.allowedOrigins) } };
    if (!byOrigin) {
      byOrigin = new Map();
      withCors.set(reply, byOrigin);
    }
    byOrigin.set(key, full);
    return full;
  }
  return async (request) => {
    if (request.path !== plansPath || (request.method !== 'GET' && request.method !== 'HEAD')) return null;
    const origin = request.header('origin');
    let reply: PlainResponse;
    try {
      checkOrigin({ headers: { get: (name) => request.header(name) } }, ctx.allowedOrigins, false);
      reply = await plansReply(ctx, request.header('if-none-match'), localeParam(request.query));
    } catch (error) {
      const failed = failure(ctx, error);
      return { ...failed, headers: { ...failed.headers, ...corsHeaders(origin, ctx.allowedOrigins) } };
    }
    return corsReply(reply, origin);
  };
}
