import { type ErrorCode, errorBody, errorCodes, type RouteName, routePaths, routes } from '@plankit/core';
import type { FetchLike } from '../src/client';

/** What a fake route answers: a body (validated against the route's response schema) or an error code. */
export type FakeAnswer =
  | { body: unknown }
  | { error: ErrorCode; headers?: Record<string, string> }
  | { status: number; raw: string };
export type FakeRoute = (body: unknown) => FakeAnswer | Promise<FakeAnswer>;

export interface RecordedCall {
  route: RouteName;
  url: string;
  init: RequestInit;
  body: unknown;
}

/**
 * A `fetch` that answers Plankit routes in memory for unit tests. Requests are parsed with the core
 * request schemas and answers with the response schemas, so the kit and the fixtures follow the contract.
 */
export function fakeServer(handlers: Partial<Record<RouteName, FakeRoute>>, basePath = '/api/billing') {
  const calls: RecordedCall[] = [];
  const fetch: FetchLike = async (url, init) => {
    const path = url.split('?')[0];
    const route = (Object.keys(routePaths) as RouteName[]).find(
      (name) => basePath + routePaths[name].path === path && routePaths[name].method === init.method,
    );
    if (!route) throw new Error(`fake server: no route for ${init.method} ${url}`);
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    const contract = routes[route];
    if (contract.request) contract.request.parse(body);
    calls.push({ route, url, init, body });
    const handler = handlers[route];
    if (!handler) throw new Error(`fake server: ${route} not handled`);
    const answer = await handler(body);
    if ('raw' in answer) return new Response(answer.raw, { status: answer.status });
    if ('error' in answer) {
      return Response.json(errorBody(answer.error), {
        status: errorCodes[answer.error].status,
        headers: answer.headers,
      });
    }
    return Response.json(contract.response.parse(answer.body));
  };
  return { fetch, calls, callsTo: (route: RouteName) => calls.filter((call) => call.route === route) };
}

/** A promise and its resolver, to hold a fake answer until the test releases it. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
