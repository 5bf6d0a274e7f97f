/** The API's routes: method, path pattern, handler, and whether it writes (editors only, CSRF-checked, audited). */
import { exportFindings, getFindings } from './api/findings.js';
import { getFramework, getReport, listFrameworks } from './api/frameworks.js';
import { addMute, deleteMute, getAudit, getMutes } from './api/mutes.js';
import { getResource, getResourceConfig, getResourceDiff, listResources } from './api/resources.js';
import { getSignal, listSignals, setState } from './api/signals.js';
import { getOverview } from './api/overview.js';
import { getScans, getScopes } from './api/scans.js';
import { getSession } from './api/session.js';
import { getTrend } from './api/trend.js';
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
  { method: 'GET', path: '/api/findings/export', handler: exportFindings },
  { method: 'GET', path: '/api/trend', handler: getTrend },
  { method: 'GET', path: '/api/resources', handler: listResources },
  { method: 'GET', path: '/api/resources/:id', handler: getResource },
  { method: 'GET', path: '/api/resources/:id/config', handler: getResourceConfig },
  { method: 'GET', path: '/api/resources/:id/diff', handler: getResourceDiff },
  { method: 'GET', path: '/api/frameworks', handler: listFrameworks },
  { method: 'GET', path: '/api/frameworks/:id', handler: getFramework },
  { method: 'GET', path: '/api/reports/:id', handler: getReport },
  { method: 'GET', path: '/api/signals', handler: listSignals },
  { method: 'GET', path: '/api/signals/:id', handler: getSignal },
  { method: 'POST', path: '/api/signals/:id/state', handler: setState },
  { method: 'GET', path: '/api/mutes', handler: getMutes },
  { method: 'POST', path: '/api/mutes', handler: addMute },
  { method: 'DELETE', path: '/api/mutes/:id', handler: deleteMute },
  { method: 'GET', path: '/api/audit', handler: getAudit },
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
