/** The API's routes: method, path pattern, handler, and whether it writes (editors only, CSRF-checked, audited). */
import { getFindings } from './api/findings.js';
import { getOverview } from './api/overview.js';
import { getScans, getScopes } from './api/scans.js';
import { getSession } from './api/session.js';
import type { Handler } from './context.js';

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path segments; `:name` is a parameter (one segment, percent-decoded). */
  path: string;
  handler: Handler;
  /** Needs no caller (the login itself). */
  public?: boolean;
}

export const ROUTES: Route[] = [
  { method: 'GET', path: '/api/session', handler: getSession },
  { method: 'GET', path: '/api/overview', handler: getOverview },
  { method: 'GET', path: '/api/findings', handler: getFindings },
  { method: 'GET', path: '/api/scans', handler: getScans },
  { method: 'GET', path: '/api/scopes', handler: getScopes },
];

/** The route and its parameters for a method and path; `methods` lists those the path has otherwise. */
export function match(
  routes: readonly Route[],
  method: string,
  path: string,
): { route?: Route; params: Record<string, string>; methods: string[] } {
  const parts = path.split('/');
  const methods: string[] = [];
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < pattern.length && ok; i++) {
      const want = pattern[i]!;
      const got = parts[i]!;
      if (want.startsWith(':')) {
        if (got === '') ok = false;
        else
          try {
            params[want.slice(1)] = decodeURIComponent(got);
          } catch {
            ok = false;
          }
      } else ok = want === got;
    }
    if (!ok) continue;
    if (route.method === method || (method === 'HEAD' && route.method === 'GET'))
      return { route, params, methods };
    methods.push(route.method);
  }
  return { params: {}, methods };
}
