import { ACCOUNT_ID, REGION_NAME, ROLE_ARN } from '../collect/aws/arn.js';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatPath, lineOfPath } from '../collect/json-location.js';
import { InputError } from '../errors.js';
import { parseEndOfDay } from '../mutes/match.js';
import { channelId } from '../notify/channels.js';
import { ipLiteral, refusalFor } from '../notify/targets.js';
import { parseRetention } from '../store/retention.js';
import { isPssVersion } from '../scan/pss-version.js';
import { SEVERITIES } from '../types.js';
import { tooDeepMessage } from '../util/nesting.js';
import { BadYamlFileError, readYamlFile, YamlNestingError } from '../util/safe-yaml.js';
import { Cron } from 'croner';

function validCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

const severity = z.enum(SEVERITIES);
const stringList = z.array(z.string().min(1));

const NAME = /^[A-Za-z0-9_.-]+$/;
const NAME_RULE = 'letters, digits, dot, dash and underscore only';

const routeFilter = {
  /** The channel's identity in the outbox; needed when two channels send to the same host. */
  name: z.string().regex(NAME, NAME_RULE).optional(),
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

const mute = z
  .object({
    rule: z.string().min(1),
    resource: z.string().optional(),
    account: z.string().optional(),
    region: z.string().optional(),
    tag: z.string().optional(),
    reason: z.string().min(1),
    until: z
      .string()
      .refine((v) => parseEndOfDay(v) !== undefined, 'expected a date such as 2027-03-31')
      .optional(),
  })
  .strict();

const target = z
  .object({
    name: z.string().regex(NAME, NAME_RULE),
    /** Exactly one source: an inventory file re-read at every run, manifest paths, or a live cluster. */
    snapshot: z.string().min(1).optional(),
    manifests: z.array(z.string().min(1)).min(1).optional(),
    kubernetes: z
      .object({
        kubeconfig: z.string().optional(),
        context: z.string().optional(),
        cluster: z.string().optional(),
      })
      .strict()
      .optional(),
    aws: z
      .object({
        /** Region names, or "all" (every enabled region, the default). */
        regions: z
          .union([
            z.literal('all'),
            z.array(z.string().regex(REGION_NAME, 'expected a region name such as eu-west-1')).min(1),
          ])
          .optional(),
        profile: z.string().min(1).optional(),
        roleArns: z
          .array(z.string().regex(ROLE_ARN, 'expected arn:aws:iam::<account>:role/<name>'))
          .min(1)
          .optional(),
        externalId: z.string().min(1).optional(),
        orgRole: z.string().min(1).optional(),
        excludeAccounts: z.array(z.string().regex(ACCOUNT_ID, 'expected a 12-digit account id')).optional(),
        services: z.array(z.string().min(1)).min(1).optional(),
      })
      .strict()
      .refine((a) => !(a.roleArns && a.orgRole), { message: 'give roleArns or orgRole, not both' })
      .optional(),
    schedule: z
      .string()
      .default('0 * * * *')
      .refine((v) => validCron(v), 'not a valid cron expression (e.g. "*/15 * * * *")'),
    /** Alert when the target had no successful scan for this many schedule intervals. */
    staleAfter: z.number().int().min(2).max(1000).default(3),
    /** Pod Security Standards version for every workload, instead of each namespace's enforce-version label. */
    pssVersion: z
      .string()
      .refine((v) => isPssVersion(v), 'expected "latest" or v1.<minor> such as v1.34')
      .optional(),
  })
  .strict()
  .refine((t) => [t.snapshot, t.manifests, t.kubernetes, t.aws].filter((v) => v !== undefined).length === 1, {
    message: 'needs exactly one of aws, kubernetes, manifests or snapshot',
  })
  .refine((t) => !(t.aws && t.pssVersion), {
    message: 'pssVersion applies to Kubernetes targets (kubernetes, manifests, snapshot), not aws',
  });

const daemon = z
  .object({
    /** Serve GET /healthz and GET /metrics on 127.0.0.1:<port>; off when absent. */
    healthPort: z.number().int().min(1).max(65535).optional(),
    jitterSeconds: z.number().int().min(0).max(3600).default(30),
  })
  .strict();

const configSchema = z
  .object({
    targets: z.array(target).default([]),
    daemon: daemon.default({ jitterSeconds: 30 }),
    ownerKey: z.string().min(1).default('owner'),
    retention: z
      .string()
      .superRefine((value, ctx) => {
        try {
          parseRetention(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .default('15mo'),
    notify: z.array(channel).default([]).superRefine(distinctChannels),
    mutes: z.array(mute).default([]),
  })
  .strict();

export type StanceConfig = z.infer<typeof configSchema>;
export type ChannelConfig = StanceConfig['notify'][number];
export type TargetConfig = StanceConfig['targets'][number];

/** `${NAME}` → the environment variable's value; a missing one is an error naming it. */
function substituteEnv(
  value: unknown,
  path: (string | number)[],
  env: NodeJS.ProcessEnv,
  missing: { path: (string | number)[]; name: string }[],
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const found = env[name];
      if (found === undefined) missing.push({ path, name });
      return found ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => substituteEnv(v, [...path, i], env, missing));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteEnv(v, [...path, k], env, missing)]),
    );
  }
  return value;
}

export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): StanceConfig {
  let parsed: unknown;
  try {
    parsed = readYamlFile(text).value;
  } catch (error) {
    if (error instanceof BadYamlFileError)
      throw new InputError(`config ${file}:${error.line}: invalid YAML (${error.reason})`);
    if (error instanceof YamlNestingError)
      throw new InputError(`config ${file}:${error.line}: ${tooDeepMessage(error.path)}`);
    throw error;
  }
  const missing: { path: (string | number)[]; name: string }[] = [];
  const raw = substituteEnv(parsed ?? {}, [], env, missing);
  if (missing.length) {
    const m = missing[0]!;
    throw new InputError(
      `config ${file}:${lineOfPath(text, m.path) ?? '?'}: ${formatPath(m.path)}: environment variable ${m.name} is not set`,
    );
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const line = lineOfPath(text, issue.path);
    throw new InputError(
      `config ${file}${line ? `:${line}` : ''}: ${formatPath(issue.path)}: ${issue.message}`,
    );
  }
  return result.data;
}

export function loadConfig(file: string): StanceConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `config ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return parseConfig(text, file);
}
