/**
 * `stance serve`: the web console's HTTP(S) server. Every request gets the security headers and the
 * Host check; /api/ requests are routed to handlers that use only the library; writes need an
 * editor and the CSRF token, and are audited; everything else is a bundled asset of dist/console/.
 */
import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameworks, ruleControls, rules, InputError, type StanceConfig, type Store } from '../index.js';
import { safeErrorMessage } from '../util/redact.js';
import { Access, sessionCookie, type AccessOptions } from './access.js';
import { DataCache } from './cache.js';
import { isRaw, type ApiContext, type Principal } from './context.js';
import { HttpError, Query, readJsonBody, sendError, sendJson } from './http.js';
import { match, ROUTES } from './routes.js';
import {
  allowedHosts,
  checkCsrf,
  checkHost,
  checkOrigin,
  isLoopback,
  isWrite,
  setSecurityHeaders,
} from './security.js';
import { serveStatic } from './static.js';

export interface ServeOptions extends Partial<AccessOptions> {
  store: Store;
  config?: StanceConfig;
  host: string;
  /** 0: any free port. */
  port: number;
  tls?: { cert: string; key: string };
  /** A TLS-terminating proxy is in front (required off loopback without --tls-cert/--tls-key). */
  behindTlsProxy?: boolean;
  /** Further Host header names this server answers (its public name). */
  publicHosts?: string[];
  /** Where the console's assets are (default: dist/console/ of this package). */
  consoleDir?: string;
  now?: () => Date;
  /** One line per request problem (500s); never bodies or credentials. */
  log?: (line: string) => void;
}

export interface ConsoleServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** dist/console/ beside this module's dist/serve/. */
export const defaultConsoleDir = () => join(fileURLToPath(new URL('.', import.meta.url)), '..', 'console');

/** Refuses what would expose the console unsafely: another address without authentication and TLS. */
export function checkBindRules(
  opts: Pick<ServeOptions, 'host' | 'tls' | 'behindTlsProxy' | 'authenticate'>,
): void {
  if (isLoopback(opts.host)) return;
  if (!opts.tls && !opts.behindTlsProxy)
    throw new InputError(
      `--host ${opts.host}: serving off loopback needs TLS (--tls-cert and --tls-key) or --behind-tls-proxy`,
    );
}

const backendOf = (store: Store): 'sqlite' | 'postgres' =>
  /^postgres(ql)?:\/\//i.test(store.location) ? 'postgres' : 'sqlite';

export async function startServer(opts: ServeOptions): Promise<ConsoleServer> {
  checkBindRules({ ...opts, authenticate: opts.authenticate ?? !isLoopback(opts.host) });
  const store = opts.store;
  const now = opts.now ?? (() => new Date());
  const access = new Access(store, {
    authenticate: opts.authenticate === true || !isLoopback(opts.host),
    localUser: opts.localUser ?? 'local',
    proxyUserHeader: opts.proxyUserHeader?.toLowerCase(),
    proxyRole: opts.proxyRole ?? 'viewer',
    trustedProxies: opts.trustedProxies ?? ['127.0.0.1', '::1'],
  });
  const consoleDir = opts.consoleDir ?? defaultConsoleDir();
  const tls = opts.tls !== undefined || opts.behindTlsProxy === true;
  const policies = opts.config?.policies;
  const ruleTitles = new Map(rules({ policies }).map((r) => [r.id, r.title]));
  const backend = backendOf(store);
  let hosts = new Set<string>();
  const cache = new DataCache(() => store.console.dataVersion());
  let controls: Promise<Map<string, string[]>> | undefined;

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      opts.log?.(`stance serve: ${req.method} ${(req.url ?? '').split('?')[0]}: ${safeErrorMessage(error)}`);
      if (!res.headersSent) sendError(res, 500, 'internal error (see the server log)');
      else res.destroy();
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, { tls });
    try {
      checkHost(req, hosts);
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return await api(req, res, url);
      if (req.method !== 'GET' && req.method !== 'HEAD')
        throw new HttpError(405, `${req.method} is not allowed here`);
      await serveStatic(consoleDir, url.pathname, res, req.method === 'HEAD');
    } catch (error) {
      if (error instanceof HttpError) return sendError(res, error.status, error.message);
      // the library's input errors (a bad date, an unknown framework) are the caller's
      if (error instanceof InputError) return sendError(res, 400, error.message);
      throw error;
    }
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const at = now();
    if (url.pathname === '/api/login' && req.method === 'POST') return login(req, res, at);
    if (url.pathname === '/api/logout' && req.method === 'POST') {
      await access.logout(req);
      res.setHeader('Set-Cookie', sessionCookie('', { clear: true }));
      return sendJson(res, 200, { ok: true });
    }
    const { route, params, methods } = match(ROUTES, req.method ?? 'GET', url.pathname);
    if (!route) {
      if (methods.length) {
        res.setHeader('Allow', methods.join(', '));
        throw new HttpError(
          405,
          `${req.method} is not allowed on ${url.pathname} (allowed: ${methods.join(', ')})`,
        );
      }
      throw new HttpError(404, `no API route ${url.pathname}`);
    }
    const principal = await access.principal(req, at);
    if (!principal && !route.public)
      throw new HttpError(401, 'log in first (POST /api/login with an API token)');
    if (isWrite(route.method)) checkWrite(req, principal!);
    const ctx = context(req, url, params, principal!, at);
    const result = await route.handler(ctx);
    if (isRaw(result)) {
      const headers: Record<string, string | number> = {
        'Content-Type': result.contentType,
        'Content-Length': Buffer.byteLength(result.raw),
        'Cache-Control': 'no-store',
      };
      if (result.filename)
        headers['Content-Disposition'] = `attachment; filename="${result.filename.replace(/[^\w.-]/g, '_')}"`;
      res.writeHead(200, headers);
      return void res.end(req.method === 'HEAD' ? undefined : result.raw);
    }
    sendJson(res, 200, result);
  }

  function checkWrite(req: IncomingMessage, principal: Principal): void {
    if (principal.role !== 'editor')
      throw new HttpError(403, `${principal.user} is a viewer: writes need the editor role`);
    // a bearer token is not sent by a browser on its own: no CSRF to fear
    if (principal.via !== 'token') checkCsrf(req, principal.csrfToken ?? '', hosts);
  }

  async function login(req: IncomingMessage, res: ServerResponse, at: Date): Promise<void> {
    checkOrigin(req, hosts);
    const body = await readJsonBody(req);
    if (typeof body.token !== 'string' || body.token === '' || body.token.length > 200)
      throw new HttpError(400, 'token: give the API token (stance token create)');
    const { cookie, principal } = await access.login(body.token, at);
    await store.console.addAudit({
      at,
      actor: principal.user,
      via: 'session',
      action: 'login',
      target: 'session',
      detail: {},
    });
    res.setHeader('Set-Cookie', sessionCookie(cookie));
    sendJson(res, 200, {
      user: principal.user,
      role: principal.role,
      csrfToken: principal.csrfToken,
      backend,
    });
  }

  function context(
    req: IncomingMessage,
    url: URL,
    params: Record<string, string>,
    principal: Principal,
    at: Date,
  ): ApiContext {
    let shared: Store | undefined;
    return {
      store,
      config: opts.config,
      principal,
      query: new Query(url.searchParams),
      params,
      req,
      backend,
      now: () => at,
      body: () => readJsonBody(req),
      frameworkIds: async () => (await frameworks({ policies })).map((f) => f.id),
      ruleTitles: () => ruleTitles,
      searchHits,
      search: async (text) => {
        const hits = await searchHits(text);
        const resources = new Set(hits.resourceIds);
        const findings = new Set(hits.findings.map(([r, rule]) => `${r}\u0000${rule}`));
        return {
          matches: (row) =>
            resources.has(row.resourceId) || findings.has(`${row.resourceId}\u0000${row.ruleId}`),
        };
      },
      sharedReads: () => (shared ??= sharedAsOf(store)),
      cached: (key, compute) => cache.get(key, at, compute),
      ruleControls: () => (controls ??= frameworks({ policies }).then((list) => ruleControls(list))),
      audit: async (action, target, detail) => {
        await store.console.addAudit({
          at,
          actor: principal.user,
          via: principal.via,
          action,
          target,
          detail,
        });
      },
    };
  }

  async function searchHits(text: string) {
    if (text.trim().length < 3) throw new HttpError(400, 'q: search for at least 3 characters');
    return store.console.search(text.trim());
  }

  const server = opts.tls
    ? createHttpsServer({ cert: readFileSync(opts.tls.cert), key: readFileSync(opts.tls.key) }, handler)
    : createHttpServer(handler);
  server.headersTimeout = 20_000;
  server.requestTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(opts.host, port, opts.publicHosts ?? []);
  const shownHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    server,
    url: `${opts.tls ? 'https' : 'http'}://${shownHost}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The store with the reads a framework report makes (the state as of an instant, the mutes,
 * annotated resources, the Nodes of a date) made once per request, whatever the request's reports
 * repeat. Results are shared, not copied: the library does not modify them.
 */
const SHARED_READS: Partial<Record<keyof Store, readonly string[]>> = {
  findings: ['asOf'],
  mutes: ['list'],
  resources: ['withTagText', 'existedAt', 'list'],
  scans: ['scopeStates'],
};

function sharedAsOf(store: Store): Store {
  const memo = new Map<string, Promise<unknown>>();
  const wrapped = new Map<string, unknown>();
  for (const [repository, methods] of Object.entries(SHARED_READS)) {
    const target = store[repository as keyof Store] as unknown as Record<
      string,
      (...a: unknown[]) => Promise<unknown>
    >;
    const copy = Object.create(target) as Record<string, unknown>;
    for (const method of methods)
      copy[method] = (...args: unknown[]) => {
        const key = JSON.stringify([repository, method, args]);
        let hit = memo.get(key);
        if (!hit) memo.set(key, (hit = target[method]!(...args)));
        return hit;
      };
    wrapped.set(repository, copy);
  }
  return new Proxy(store, {
    get: (target, name, receiver) =>
      typeof name === 'string' && wrapped.has(name) ? wrapped.get(name) : Reflect.get(target, name, receiver),
  });
}
