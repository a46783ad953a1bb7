import { maxRequestBodyBytes, type RouteName, routes, webhookPath } from '@plankit/core';
import type { PlankitContext, RouteInput } from './context';
import { checkIdentity, type Identity } from './customers/identity';
import { errorResponse, jsonResponse } from './http/json-response';
import { PlankitError } from './http/plankit-error';
import { readBody } from './http/read-body';
import { cancelRoute } from './routes/cancel';
import { changePlanRoute } from './routes/change-plan';
import { checkoutRoute } from './routes/checkout';
import { plansRoute } from './routes/plans';
import { portalRoute } from './routes/portal';
import { previewChangeRoute } from './routes/preview-change';
import { resumeRoute } from './routes/resume';
import { retentionAcceptRoute } from './routes/retention-accept';
import { subscriptionRoute } from './routes/subscription';
import { webhookRoute } from './routes/webhook';
import { checkOrigin } from './security/origin';
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
  if (name === 'plans') return plansRoute(ctx, request);
  let body: unknown = null;
  if (route.request) {
    if (!isJson(request)) throw new PlankitError('unsupported_media_type');
    const parsed = route.request.safeParse(await parseJsonBody(request));
    if (!parsed.success)
      throw new PlankitError('invalid_request', { details: zodDetails(parsed.error.issues) });
    body = parsed.data;
  }
  const identity = await identify(ctx, request);
  const result = await routeFns[name](ctx, { request, body, identity });
  return jsonResponse(result);
}

/**
 * Turns any thrown value into a response: Plankit errors with their code, Stripe errors mapped, anything else
 * a 500 `internal_error` that reveals nothing (the details go to the server log).
 */
function failure(ctx: PlankitContext, error: unknown): Response {
  const known = error instanceof PlankitError ? error : mapStripeError(error);
  if (known) {
    if (
      known.code === 'internal_error' ||
      known.code.startsWith('stripe_') ||
      known.code === 'store_unavailable'
    ) {
      ctx.logger.error(`Plankit: ${known.code}`, error);
    }
    const options: Parameters<typeof errorResponse>[1] = {};
    if (known.publicMessage) options.message = known.publicMessage;
    if (known.details) options.details = known.details;
    if (known.headers) options.headers = known.headers;
    return errorResponse(known.code, options);
  }
  ctx.logger.error('Plankit: unexpected error', error);
  return errorResponse('internal_error');
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
      const path = pathname.slice(basePath.length).replace(/\/+$/, '') || '/';
      response = await dispatch(ctx, request, path);
    } catch (error) {
      response = failure(ctx, error);
    }
    return withHeaders(response, corsHeaders(origin, ctx.allowedOrigins));
  };
}
