import type { Engine } from '../engine.js';
import type { Params } from './params.js';

/** What an API handler receives. */
export interface ApiContext {
  engine: Engine;
  params: Params;
  /** Values of `:name` segments, by name. */
  path: Record<string, string>;
  method: string;
  /** The request path without the query string, used as a list's `url`. */
  url: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** e.g. `/v1/customers/:id` */
  pattern: string;
  handler: (ctx: ApiContext) => unknown;
}

export interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((r) => {
    const names: string[] = [];
    const source = r.pattern.replace(/:([a-z_]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...r, regex: new RegExp(`^${source}$`), names };
  });
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}
