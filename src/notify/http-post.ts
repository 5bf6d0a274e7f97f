import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { redactUrl } from '../util/redact.js';
import { guardedLookup, ipLiteral, refusalFor, TargetRefusedError, type Resolver } from './targets.js';

export interface PostOptions {
  /** Loopback and private-network receivers are allowed (link-local and metadata never are). */
  allowPrivateTargets: boolean;
  timeoutMs: number;
  /** Name resolution; tests substitute one to play DNS rebinding. */
  resolve?: Resolver;
}

/** Where a redirect pointed, safe to print (scheme and host). */
function redirectTarget(response: IncomingMessage, from: URL): string {
  const location = response.headers.location;
  if (!location) return 'nowhere';
  try {
    return redactUrl(new URL(location, from));
  } catch {
    return '[url]';
  }
}

/**
 * POSTs a JSON body once. Resolves only on a 2xx answer. Redirects are never followed (a redirect
 * would carry the body and its signature to another host) and count as a failed attempt. The
 * response body is never read: the status line decides, so a receiver that streams without end
 * costs nothing. The whole exchange is bounded by `timeoutMs`.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions,
): Promise<void> {
  const target = new URL(url);
  const literal = ipLiteral(target.hostname);
  if (literal) {
    // Sockets skip `lookup` for an IP literal, so it is judged here.
    const refusal = refusalFor(literal, opts.allowPrivateTargets);
    if (refusal) return Promise.reject(new TargetRefusedError(`${target.hostname} is ${refusal}`));
  }
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      if (error) reject(error);
      else resolve();
    };
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, {
      method: 'POST',
      agent: false,
      lookup: guardedLookup(opts.allowPrivateTargets, opts.resolve),
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      },
    });
    const timer = setTimeout(
      () => settle(new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s`)),
      opts.timeoutMs,
    );
    request.on('error', (error) => settle(error));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      response.destroy();
      if (status >= 200 && status < 300) settle();
      else if (status >= 300 && status < 400)
        settle(
          new Error(`redirects are not followed: HTTP ${status} to ${redirectTarget(response, target)}`),
        );
      else settle(new Error(`HTTP ${status}`));
    });
    request.end(body);
  });
}
