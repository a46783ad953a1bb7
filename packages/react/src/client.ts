import type {
  CancelRequest,
  CancelResponse,
  Catalog,
  ChangePlanRequest,
  ChangePlanResponse,
  CheckoutRequest,
  CheckoutResponse,
  PortalRequest,
  PortalResponse,
  PreviewChangeRequest,
  PreviewChangeResponse,
  ResumeRequest,
  ResumeResponse,
  RetentionAcceptRequest,
  RetentionAcceptResponse,
  SubscriptionState,
  SyncRequest,
} from '@plankit/core';
import { defaultBasePath, type ErrorCode, type RouteName, routePaths } from '@plankit/core';
import { en } from './i18n/en';
import { PlankitError } from './plankit-error';

/** A `fetch`-compatible function (the global one, a test double, or one that adds headers). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface PlankitClientOptions {
  /** Where the server's billing routes are mounted. Default `/api/billing`. */
  basePath?: string;
  /** Used for every request; defaults to the global `fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** Who is signed in (the user id, or null): part of the per-user query keys, so users never share a cache entry. */
  userKey?: string | null;
}

/** Typed calls to every route of Plankit's server. The browser never sends customer ids, emails or price ids. */
export interface PlankitClient {
  readonly basePath: string;
  readonly userKey: string | null;
  /** The catalog; with a locale ("de"), in the app's translations for it where it has them. */
  plans(locale?: string): Promise<Catalog>;
  subscription(): Promise<SubscriptionState>;
  checkout(body: CheckoutRequest): Promise<CheckoutResponse>;
  portal(body: PortalRequest): Promise<PortalResponse>;
  previewChange(body: PreviewChangeRequest): Promise<PreviewChangeResponse>;
  changePlan(body: ChangePlanRequest): Promise<ChangePlanResponse>;
  cancel(body: CancelRequest): Promise<CancelResponse>;
  retentionAccept(body: RetentionAcceptRequest): Promise<RetentionAcceptResponse>;
  resume(body: ResumeRequest): Promise<ResumeResponse>;
  /** `POST /sync`: the caller's billing state re-read from Stripe now (the return page after Checkout or the portal). */
  sync(body?: SyncRequest): Promise<SubscriptionState>;
}

// The English catalog has a message for every error code (a catalog test checks it), so it doubles as the list of
// known codes: core's error table with its server-side messages stays out of browser bundles.
function knownCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(en, `error_${code}`);
}

function defaultMessage(code: ErrorCode): string {
  return en[`error_${code}`];
}

const statusCodes: Partial<Record<number, ErrorCode>> = {
  401: 'unauthenticated',
  429: 'rate_limited',
  503: 'stripe_unavailable',
};

/** `Retry-After` in ms: delay-seconds or an HTTP date (RFC 9110); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function failure(status: number, body: unknown, headers: Headers): PlankitError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const wait = retryAfterMs(headers.get('retry-after'));
  if (error && knownCode(error.code)) {
    const message = typeof error.message === 'string' ? error.message : defaultMessage(error.code);
    return new PlankitError(
      error.code,
      status,
      message,
      error.details as Record<string, unknown> | undefined,
      wait,
    );
  }
  // A proxy's error page, the app's auth layer or an empty body: statuses that say what went wrong keep their
  // meaning (signed out, slow down, unavailable), anything else is "internal".
  const code = statusCodes[status] ?? 'internal_error';
  return new PlankitError(code, status, defaultMessage(code), undefined, wait);
}

/** Creates the client for a server mounted at `basePath`. */
export function createPlankitClient(options: PlankitClientOptions = {}): PlankitClient {
  const basePath = (options.basePath ?? defaultBasePath).replace(/\/$/, '');
  const call = async (name: RouteName, body?: object, query = '') => {
    const { method, path } = routePaths[name];
    const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (body) {
      init.headers = { ...init.headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(basePath + path + query, init);
    } catch {
      throw new PlankitError('stripe_unavailable', 0, defaultMessage('stripe_unavailable'));
    }
    const data: unknown = await response.json().catch(() => null);
    if (!response.ok || data === null) throw failure(response.status, data, response.headers);
    return data as never;
  };
  // One method per route of core's table, so a new route cannot be forgotten here (and the bundle stays small).
  const methods = Object.fromEntries(
    (Object.keys(routePaths) as RouteName[]).map((name) => [name, (body?: object) => call(name, body)]),
  );
  // GET /plans carries its locale in the URL: one cacheable URL per locale.
  const plans = (locale?: string) =>
    call('plans', undefined, locale ? `?locale=${encodeURIComponent(locale)}` : '');
  // POST /sync takes an empty JSON object: a mutation is always a JSON body (the server's Origin and media checks).
  const sync = (body: SyncRequest = {}): Promise<SubscriptionState> => call('sync', body);
  return { ...methods, plans, sync, basePath, userKey: options.userKey ?? null } as unknown as PlankitClient;
}
