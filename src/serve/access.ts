/**
 * Who is calling. A console on loopback without --auth trusts its local user (the OS user, an
 * editor). Otherwise a caller proves who they are with an API token (`Authorization: Bearer`), a
 * session cookie from the login form, or, from a trusted reverse proxy's address, the header the
 * proxy sets with the user's name.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Store } from '../index.js';
import type { Principal, Role } from './context.js';
import { HttpError } from './http.js';

export const SESSION_COOKIE = 'stance_session';
export const SESSION_HOURS = 12;
const TOKEN_PREFIX = 'stance_';

export const hashSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

/** A new API token's secret: shown once, stored only as its hash. */
export const newTokenSecret = () => TOKEN_PREFIX + randomBytes(32).toString('base64url');

export interface AccessOptions {
  /** Require a token, session or proxy user (always so off loopback). */
  authenticate: boolean;
  /** The OS user, who is the caller of an unauthenticated local console. */
  localUser: string;
  /** A header a trusted reverse proxy sets to the signed-in user's name (lower-case). */
  proxyUserHeader?: string;
  /** The role of proxy users. */
  proxyRole: Role;
  /** Peer addresses trusted to set proxyUserHeader. */
  trustedProxies: readonly string[];
}

export function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

const peer = (req: IncomingMessage) => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

export class Access {
  /** Per process: the CSRF tokens of local and proxy callers are derived from it. */
  private readonly secret = randomBytes(32);

  constructor(
    private readonly store: Store,
    readonly opts: AccessOptions,
  ) {}

  private derivedCsrf(kind: string): string {
    return createHmac('sha256', this.secret).update(kind).digest('base64url');
  }

  /** The caller, or undefined when the request proves no one (a 401 for what needs a caller). */
  async principal(req: IncomingMessage, now: Date): Promise<Principal | undefined> {
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(auth);
      if (!match) throw new HttpError(401, 'Authorization: expected "Bearer <token>"');
      const token = await this.store.console.tokenByHash(hashSecret(match[1]!));
      if (!token) throw new HttpError(401, 'unknown or revoked API token');
      await this.store.console.touchToken(token.id, now);
      return { user: token.name, role: token.role, via: 'token', tokenId: token.id };
    }
    const cookie = cookieValue(req, SESSION_COOKIE);
    if (cookie !== undefined) {
      const session = await this.store.console.session(hashSecret(cookie), now);
      if (session)
        return {
          user: session.tokenName,
          role: session.role,
          via: 'session',
          csrfToken: session.csrfToken,
          tokenId: session.tokenId,
        };
    }
    const header = this.opts.proxyUserHeader;
    if (header !== undefined && this.opts.trustedProxies.includes(peer(req))) {
      const user = req.headers[header];
      if (typeof user === 'string' && user.trim() !== '') {
        const name = user.trim().slice(0, 200);
        return {
          user: name,
          role: this.opts.proxyRole,
          via: 'proxy',
          csrfToken: this.derivedCsrf(`proxy:${name}`),
        };
      }
    }
    if (!this.opts.authenticate)
      return {
        user: this.opts.localUser,
        role: 'editor',
        via: 'local',
        csrfToken: this.derivedCsrf('local'),
      };
    return undefined;
  }

  /** Opens a session for a token's secret: the cookie value (to set) and the session's CSRF token. */
  async login(secret: string, now: Date): Promise<{ cookie: string; principal: Principal }> {
    const token = await this.store.console.tokenByHash(hashSecret(secret));
    if (!token) throw new HttpError(401, 'unknown or revoked API token');
    const cookie = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.store.console.addSession({
      idHash: hashSecret(cookie),
      tokenId: token.id,
      csrfToken,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    });
    await this.store.console.touchToken(token.id, now);
    return {
      cookie,
      principal: { user: token.name, role: token.role, via: 'session', csrfToken, tokenId: token.id },
    };
  }

  async logout(req: IncomingMessage): Promise<void> {
    const cookie = cookieValue(req, SESSION_COOKIE);
    if (cookie !== undefined) await this.store.console.endSession(hashSecret(cookie));
  }
}

export function sessionCookie(value: string, opts: { clear?: boolean } = {}): string {
  const age = opts.clear ? 0 : SESSION_HOURS * 3600;
  return `${SESSION_COOKIE}=${opts.clear ? '' : value}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${age}`;
}
