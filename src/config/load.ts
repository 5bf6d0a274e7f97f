import { ACCOUNT_ID, REGION_NAME, ROLE_ARN } from '../model/aws-ids.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { formatPath, lineOfPath } from '../util/json-location.js';
import { InputError } from '../errors.js';
import { parseEndOfDay } from '../mutes/match.js';
import { channelsSchema } from '../notify/config.js';
import { parseRetention } from '../store/retention.js';
import { isPssVersion } from '../scan/pss-version.js';
import { parseKubeVersion } from '../model/kube-version.js';
import { NAMESPACE_NAME } from '../scan/system-namespaces.js';
import { CONFIG_NAME, CONFIG_NAME_RULE } from '../util/names.js';
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

/** A trail's bucket and optional key prefix, as `stance detect cloudtrail --s3` takes it. */
const S3_PREFIX = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\s]*)?$/;

const target = z
  .object({
    name: z.string().regex(CONFIG_NAME, CONFIG_NAME_RULE),
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
    /**
     * CloudTrail detection (run by `stance worker`s, planned by a daemon on PostgreSQL or `stance
     * jobs enqueue`): one job per trail bucket prefix and per LookupEvents region; the sources of
     * one state group (default: the target) never run at once.
     */
    cloudtrail: z
      .object({
        s3: z.array(z.string().regex(S3_PREFIX, 'expected s3://<bucket>[/<prefix>]')).min(1).optional(),
        lookup: z
          .object({
            regions: z
              .array(z.string().regex(REGION_NAME, 'expected a region name such as eu-west-1'))
              .min(1),
          })
          .strict()
          .optional(),
        stateGroup: z.string().regex(CONFIG_NAME, CONFIG_NAME_RULE).optional(),
      })
      .strict()
      .refine((c) => c.s3 || c.lookup, { message: 'give s3 prefixes, lookup regions, or both' })
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
    /** Kubernetes version the API version rules check against, instead of the cluster's own. */
    kubeVersion: z
      .string()
      .refine((v) => validKubeVersion(v), 'expected a Kubernetes version such as v1.31 (or latest)')
      .transform((v) => parseKubeVersion(v, 'kubeVersion'))
      .optional(),
  })
  .strict()
  .refine(
    (t) =>
      [t.snapshot, t.manifests, t.kubernetes, t.aws, t.cloudtrail].filter((v) => v !== undefined).length ===
      1,
    { message: 'needs exactly one of aws, kubernetes, manifests, snapshot or cloudtrail' },
  )
  .refine((t) => !(t.aws && t.pssVersion), {
    message: 'pssVersion applies to Kubernetes targets (kubernetes, manifests, snapshot), not aws',
  })
  .refine((t) => !(t.aws && t.kubeVersion), {
    message: 'kubeVersion applies to Kubernetes targets (kubernetes, manifests, snapshot), not aws',
  });

function validKubeVersion(value: string): boolean {
  try {
    parseKubeVersion(value, 'kubeVersion');
    return true;
  } catch {
    return false;
  }
}

/** Settings for every Kubernetes scan of this configuration. */
const kubernetes = z
  .object({
    /** Namespaces the workload hygiene rules skip (default kube-system, kube-public, kube-node-lease). */
    systemNamespaces: z.array(
      z
        .string()
        .regex(NAMESPACE_NAME, 'not a namespace name (lower-case letters, digits and "-", at most 63)'),
    ),
  })
  .strict();

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
    notify: channelsSchema,
    mutes: z.array(mute).default([]),
    kubernetes: kubernetes.optional(),
    /** The user's framework directories (one or a list), relative to this file's directory. */
    frameworks: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    /** User rule directories (stance policy build --policies DIR), relative to the config file. */
    policies: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type StanceConfig = z.infer<typeof configSchema>;
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
  const base = dirname(resolve(file));
  return { ...result.data, frameworks: (result.data.frameworks ?? []).map((dir) => resolve(base, dir)) };
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
  const config = parseConfig(text, file);
  if (config.policies) config.policies = config.policies.map((dir) => resolve(dirname(file), dir));
  return config;
}
