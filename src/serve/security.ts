/**
 * What the console server does to every answer and every request before routing: security
 * headers with a strict Content-Security-Policy, the Host check against DNS rebinding, and the
 * CSRF check on writes.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { HttpError } from './http.js';

/** Only this origin's scripts, styles, images and API; no inline script or style; no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export function setSecurityHeaders(res: ServerResponse, opts: { tls: boolean }): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
  if (opts.tls) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
}

/** Is this a loopback address (127.0.0.0/8, ::1, localhost)? */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * The Host header values the server answers: the bound address and, on loopback, `localhost`, with
 * the port; plus the names given with --public-host. A page on another name that resolves to this
 * address (DNS rebinding) is refused.
 */
export function allowedHosts(bind: string, port: number, publicHosts: readonly string[]): Set<string> {
  const hosts = new Set<string>();
  const add = (name: string) => {
    const lower = name.toLowerCase();
    hosts.add(
      lower.includes(':') && !lower.startsWith('[') && isIP(lower) === 6
        ? `[${lower}]:${port}`
        : `${lower}:${port}`,
    );
  };
  add(bind);
  if (isLoopback(bind)) {
    add('localhost');
    add('127.0.0.1');
    add('::1');
  }
  for (const name of publicHosts) {
    const lower = name.toLowerCase();
    // a public name may carry its own port (behind a proxy on 443, say)
    if (/:\d+$/.test(lower)) hosts.add(lower);
    else {
      add(lower);
      hosts.add(lower);
    }
  }
  return hosts;
}

export function checkHost(req: IncomingMessage, allowed: ReadonlySet<string>): void {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.has(host))
    throw new HttpError(
      403,
      `Host header ${JSON.stringify(host.slice(0, 100))} is not one this server answers (see --public-host)`,
    );
}

/** Writes are the methods that change something. */
export const isWrite = (method: string | undefined) =>
  method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A write from a browser must carry the session's CSRF token in X-CSRF-Token and, when the
 * browser names an Origin, come from this server's own origin.
 */
export function checkCsrf(req: IncomingMessage, expected: string, allowed: ReadonlySet<string>): void {
  checkOrigin(req, allowed);
  const given = req.headers['x-csrf-token'];
  if (typeof given !== 'string' || !sameSecret(given, expected))
    throw new HttpError(403, 'missing or wrong X-CSRF-Token header (GET /api/session gives it)');
}

/** A request a browser sent from another origin is refused (when the browser names its Origin). */
export function checkOrigin(req: IncomingMessage, allowed: ReadonlySet<string>): void {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host: string | undefined;
    try {
      host = new URL(origin).host.toLowerCase();
    } catch {
      host = undefined;
    }
    if (!host || !allowed.has(host) || host !== (req.headers.host ?? '').toLowerCase())
      throw new HttpError(403, 'cross-origin write refused');
  }
}
