import { z } from 'zod';
import { SEVERITIES } from '../types.js';
import { CONFIG_NAME, CONFIG_NAME_RULE } from '../util/names.js';
import { channelId } from './channel-id.js';
import { ipLiteral, refusalFor } from './targets.js';

/** The `notify:` section of stance.yaml: channels and what each one is sent (read by config/load.ts). */

const severity = z.enum(SEVERITIES);
const stringList = z.array(z.string().min(1));

const routeFilter = {
  /** The channel's identity in the outbox; needed when two channels send to the same host. */
  name: z.string().regex(CONFIG_NAME, CONFIG_NAME_RULE).optional(),
  minSeverity: severity.default('low'),
  providers: z.array(z.enum(['aws', 'k8s'])).optional(),
  accounts: stringList.optional(),
  namespaces: stringList.optional(),
  rules: stringList.optional(),
  owners: stringList.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  /** Also announce findings that stopped failing. */
  resolved: z.boolean().default(false),
  /** At most this many alerts listed in one message; the rest are counted. */
  maxItems: z.number().int().min(1).max(500).default(20),
};

/** True when a URL carries no user name or password (they would end up in errors and logs). */
function withoutCredentials(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username === '' && parsed.password === '';
  } catch {
    return true; // not a URL at all: z.url() reports that
  }
}

const httpUrl = (advice: string) =>
  z
    .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
    .refine(withoutCredentials, `credentials in the URL are not allowed; ${advice}`);

// Headers Stance sets itself, or that HTTP framing owns, cannot be configured.
const RESERVED_HEADERS = new Set([
  'connection',
  'content-length',
  'content-type',
  'host',
  'stance-delivery-id',
  'stance-signature',
  'transfer-encoding',
]);

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Extra request headers (an Authorization token, say); their values are never printed or stored. */
const headers = z
  // eslint-disable-next-line no-control-regex -- a header value is one line without NUL
  .record(z.string(), z.string().regex(/^[^\r\n\u0000]*$/, 'a header value must be one line'))
  .superRefine((value, ctx) => {
    for (const name of Object.keys(value)) {
      if (!HEADER_NAME.test(name))
        ctx.addIssue({ code: 'custom', path: [name], message: 'not a valid HTTP header name' });
      else if (RESERVED_HEADERS.has(name.toLowerCase()))
        ctx.addIssue({ code: 'custom', path: [name], message: 'this header is set by Stance' });
    }
  });

/** Deliver to loopback and private-network addresses too (never to link-local or metadata addresses). */
const allowPrivateTargets = z.boolean().default(false);

/** An IP literal in a channel's URL is judged as soon as the config is read (host names when connecting). */
function checkTarget(value: { url: string; allowPrivateTargets: boolean }, ctx: z.RefinementCtx): void {
  let hostname: string;
  try {
    hostname = new URL(value.url).hostname;
  } catch {
    return;
  }
  const literal = ipLiteral(hostname);
  const refusal = literal && refusalFor(literal, value.allowPrivateTargets);
  if (refusal) ctx.addIssue({ code: 'custom', path: ['url'], message: `${hostname} is ${refusal}` });
}

const channel = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('webhook'),
      url: httpUrl('put them in headers: or use secret:'),
      secret: z.string().min(8, 'use at least 8 characters').optional(),
      headers: headers.optional(),
      allowPrivateTargets,
      ...routeFilter,
    })
    .strict()
    .superRefine(checkTarget),
  z
    .object({
      type: z.literal('slack'),
      url: httpUrl('a Slack incoming-webhook URL needs none'),
      allowPrivateTargets,
      ...routeFilter,
    })
    .strict()
    .superRefine(checkTarget),
  z
    .object({
      type: z.literal('email'),
      /** smtp://user:pass@host:port or smtps://… ; put credentials in ${ENV} variables. */
      smtp: z.url({ protocol: /^smtps?$/, message: 'must be an smtp:// or smtps:// URL' }),
      from: z.string().min(3),
      to: z.array(z.string().min(3)).min(1),
      ...routeFilter,
    })
    .strict(),
]);

/** Queued messages are keyed by channel identity (src/notify/channels.ts), so no two channels may share one. */
function distinctChannels(channels: z.infer<typeof channel>[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  channels.forEach((c, i) => {
    const id = channelId(c);
    const first = seen.get(id);
    if (first === undefined) return void seen.set(id, i);
    const message = c.name
      ? `notify[${first}] has the same name`
      : `notify[${first}] and notify[${i}] both send to ${id.replace(':', ' ')}; give each a name: so queued alerts stay with their channel`;
    ctx.addIssue({ code: 'custom', path: [i, 'name'], message });
  });
}

export const channelsSchema = z.array(channel).default([]).superRefine(distinctChannels);

export type ChannelConfig = z.infer<typeof channel>;
