import pLimit from 'p-limit';
import { InputError } from '../../errors.js';
import { awsScope } from '../../model/scopes.js';
import type { CollectedScope, Collection } from '../../types.js';
import { accessAnalyzerCollector } from './accessanalyzer.js';
import { partitionOf, ROLE_ARN } from '../../model/aws-ids.js';
import { cloudTrailCollector } from './cloudtrail.js';
import { configCollector } from './config.js';
import { ec2Collector } from './ec2.js';
import { dynamoDbCollector } from './dynamodb.js';
import { ecrCollector } from './ecr.js';
import { efsCollector } from './efs.js';
import { eksCollector } from './eks.js';
import { awsErrorText, isRegionDisabled } from './errors.js';
import { guardDutyCollector } from './guardduty.js';
import { iamCollector } from './iam.js';
import { kmsCollector } from './kms.js';
import { lambdaCollector } from './lambda.js';
import { rdsCollector } from './rds.js';
import { s3Collector } from './s3.js';
import { secretsManagerCollector } from './secretsmanager.js';
import { securityHubCollector } from './securityhub.js';
import { logsCollector } from './logs.js';
import { cloudWatchCollector } from './cloudwatch.js';
import { snsCollector } from './sns.js';
import { sqsCollector } from './sqs.js';
import { elbv2Collector } from './elbv2.js';
import { elbCollector } from './elb.js';
import { cloudFrontCollector } from './cloudfront.js';
import { apiGatewayCollector } from './apigateway.js';
import { autoScalingCollector } from './autoscaling.js';
import { acmCollector } from './acm.js';
import { organizationsCollector } from './organizations.js';
import { accountCollector } from './account.js';
import type { ServiceCollector } from './service.js';
import { AWS_SERVICE_NAMES } from './service-metadata.js';
import {
  assumeRole,
  baseCredentials,
  enabledRegions,
  homeRegion,
  identify,
  organizationAccounts,
  type AccountSession,
  type AssumeOptions,
} from './session.js';
import type { AwsSessionCache, CachedCaller } from './session-cache.js';

export { AwsSessionCache } from './session-cache.js';

export const AWS_COLLECTORS: ServiceCollector[] = [
  iamCollector,
  s3Collector,
  ec2Collector,
  cloudTrailCollector,
  configCollector,
  kmsCollector,
  rdsCollector,
  efsCollector,
  eksCollector,
  accessAnalyzerCollector,
  securityHubCollector,
  logsCollector,
  cloudWatchCollector,
  snsCollector,
  lambdaCollector,
  ecrCollector,
  secretsManagerCollector,
  guardDutyCollector,
  sqsCollector,
  dynamoDbCollector,
  elbv2Collector,
  elbCollector,
  cloudFrontCollector,
  apiGatewayCollector,
  autoScalingCollector,
  acmCollector,
  organizationsCollector,
  accountCollector,
];

export interface AwsCollectOptions {
  /** Regions to scan; undefined or "all": every region enabled for each account. */
  regions?: string[] | 'all';
  profile?: string;
  /** Accounts reached by assuming these roles (several accounts in one scan). */
  roleArns?: string[];
  externalId?: string;
  /** Every account of the organization, through this role name in each. */
  orgRole?: string;
  excludeAccounts?: string[];
  /** Only these services (iam, s3, ec2, ...). */
  services?: string[];
  /**
   * Collect the account-wide services (IAM, S3 buckets, ...) too (default true). A worker's job
   * for one region group leaves them to the job of its account that holds `global`.
   */
  globalServices?: boolean;
  /** Scopes collected at the same time. */
  concurrency?: number;
  progress?: { phase(name: string, total?: number): void; tick(n?: number): void; done(): void };
  /** Once aborted, no further scope is started and the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Kept across calls (a worker's jobs): the caller's identity, STS client and assumed roles. */
  sessionCache?: AwsSessionCache;
}

interface SessionsResult {
  sessions: AccountSession[];
  /** Accounts that could not be entered: a scope error each. */
  failed: CollectedScope[];
}

/**
 * An account that could not be entered errors every scope we know it has: its global services and
 * the regions asked for (its home region when all were asked for, since its region list is unknown).
 */
function entryFailures(
  account: string,
  via: string,
  error: unknown,
  collectors: ServiceCollector[],
  regions: string[],
): CollectedScope[] {
  const text = `cannot enter account through ${via}: ${awsErrorText(error)}`;
  return collectors.flatMap((c) =>
    (c.global ? ['global'] : regions).map((region) => ({
      scope: awsScope(account, region, c.service),
      status: 'error' as const,
      error: text,
      resources: [],
    })),
  );
}

const accountOfRole = (arn: string) => ROLE_ARN.exec(arn)?.[1];

/** An account a run covers, and the role that enters it (none: the caller's own credentials). */
export interface AccountTarget {
  account: string;
  assume?: AssumeOptions;
}

/**
 * The accounts one run of these options covers, decided now: with `orgRole`, the organization's
 * ACTIVE accounts at this moment (a new account is in the next run, a closed or removed one is
 * not); with `roleArns`, their accounts; otherwise the caller's own. Excluded accounts are left out.
 */
export async function targetAccounts(
  opts: Pick<AwsCollectOptions, 'profile' | 'roleArns' | 'externalId' | 'orgRole' | 'excludeAccounts'>,
  base = baseCredentials({ profile: opts.profile }),
  region = homeRegion({}),
  caller?: CachedCaller,
): Promise<{ baseAccount: string; targets: AccountTarget[] }> {
  const via = opts.profile ? `profile ${opts.profile}` : 'default credential chain';
  const baseAccount = caller ? await caller.identify(via) : await identify(base, region, via);
  const exclude = new Set(opts.excludeAccounts ?? []);
  const targets: AccountTarget[] = [];
  if (opts.orgRole) {
    let accounts;
    try {
      accounts = await organizationAccounts(base, region);
    } catch (error) {
      throw new InputError(`--org-role: cannot list the organization's accounts: ${awsErrorText(error)}`);
    }
    for (const a of accounts) {
      if (a.status !== 'ACTIVE' || exclude.has(a.id)) continue;
      targets.push({
        account: a.id,
        assume: {
          roleArn: `arn:${partitionOf(region)}:iam::${a.id}:role/${opts.orgRole}`,
          externalId: opts.externalId,
        },
      });
    }
  } else if (opts.roleArns?.length) {
    for (const roleArn of opts.roleArns) {
      const account = accountOfRole(roleArn);
      if (!account)
        throw new InputError(`--role-arn ${roleArn}: expected arn:aws:iam::<12-digit account>:role/<name>`);
      if (!exclude.has(account)) targets.push({ account, assume: { roleArn, externalId: opts.externalId } });
    }
  } else {
    targets.push({ account: baseAccount });
  }
  return { baseAccount, targets };
}

async function sessions(opts: AwsCollectOptions, collectors: ServiceCollector[]): Promise<SessionsResult> {
  const region = homeRegion({});
  const caller = opts.sessionCache?.caller(opts.profile, region);
  const base = caller ? caller.base : baseCredentials({ profile: opts.profile });
  const { baseAccount, targets } = await targetAccounts(opts, base, region, caller);
  const out: SessionsResult = { sessions: [], failed: [] };
  for (const t of targets) {
    if (!t.assume) {
      out.sessions.push({
        accountId: baseAccount,
        via: 'default credentials',
        credentials: base,
        homeRegion: region,
      });
      continue;
    }
    try {
      const credentials = caller
        ? await caller.assumeRole(t.assume)
        : await assumeRole(base, region, t.assume);
      out.sessions.push({ accountId: t.account, via: t.assume.roleArn, credentials, homeRegion: region });
    } catch (error) {
      // The management account often lacks the member role: the caller's own credentials reach it.
      if (t.account === baseAccount && opts.orgRole)
        out.sessions.push({
          accountId: baseAccount,
          via: 'default credentials',
          credentials: base,
          homeRegion: region,
        });
      else
        out.failed.push(
          ...entryFailures(
            t.account,
            t.assume.roleArn,
            error,
            collectors,
            Array.isArray(opts.regions) ? opts.regions : [region],
          ),
        );
    }
  }
  return out;
}

interface Task {
  session: AccountSession;
  collector: ServiceCollector;
  region: string;
}

async function runTask(task: Task, explicitRegions: boolean): Promise<CollectedScope> {
  const { session, collector, region } = task;
  const scope = awsScope(session.accountId, region, collector.service);
  try {
    const result = await collector.collect({
      session,
      region,
      apiRegion: collector.global ? session.homeRegion : region,
    });
    if (result.problems.length) {
      const shown = result.problems.slice(0, 3).join('; ');
      const more = result.problems.length > 3 ? ` (and ${result.problems.length - 3} more)` : '';
      return { scope, status: 'partial', error: `${shown}${more}`, resources: result.resources };
    }
    return { scope, status: 'ok', resources: result.resources };
  } catch (error) {
    const text = awsErrorText(error);
    const disabled = !collector.global && explicitRegions && isRegionDisabled(error);
    return {
      scope,
      status: 'error',
      error: disabled ? `region ${region} is not enabled for this account (${text})` : text,
      resources: [],
    };
  }
}

/**
 * Collects every account and region the options name. Each (account, region, service) is a
 * scope: a call that is denied, throttled past its retries or made to a disabled region fails
 * that scope only, and the rest goes on.
 */
export async function collectAws(opts: AwsCollectOptions = {}): Promise<Collection> {
  const collectedAt = new Date();
  const wanted = opts.services ? new Set(opts.services) : undefined;
  if (wanted) {
    const known = new Set<string>(AWS_SERVICE_NAMES);
    for (const s of wanted)
      if (!known.has(s))
        throw new InputError(`--services ${s}: unknown; expected some of ${[...known].join(', ')}`);
  }
  const collectors = AWS_COLLECTORS.filter((c) => !wanted || wanted.has(c.service));
  const { sessions: reached, failed: entryFailed } = await sessions(opts, collectors);
  const withGlobal = opts.globalServices !== false;
  const failed = withGlobal ? entryFailed : entryFailed.filter((s) => s.scope.region !== 'global');
  const explicit = Array.isArray(opts.regions);
  const tasks: Task[] = [];
  const scopes: CollectedScope[] = [...failed];
  for (const session of reached) {
    let regions: string[];
    if (Array.isArray(opts.regions)) regions = opts.regions;
    else {
      try {
        regions = await enabledRegions(session);
      } catch (error) {
        scopes.push({
          scope: awsScope(session.accountId, 'global', 'regions'),
          status: 'error',
          error: `cannot list enabled regions: ${awsErrorText(error)}`,
          resources: [],
        });
        regions = [session.homeRegion];
      }
    }
    for (const collector of collectors) {
      if (collector.global) {
        if (withGlobal) tasks.push({ session, collector, region: 'global' });
      } else for (const region of regions) tasks.push({ session, collector, region });
    }
  }
  opts.progress?.phase('collecting AWS', tasks.length);
  const limit = pLimit(opts.concurrency ?? 8);
  const results = await Promise.all(
    tasks.map((task) =>
      limit(async () => {
        opts.signal?.throwIfAborted();
        const scope = await runTask(task, explicit);
        opts.progress?.tick();
        return scope;
      }),
    ),
  );
  opts.progress?.done();
  scopes.push(...results);
  scopes.sort((a, b) => a.scope.key.localeCompare(b.scope.key));
  return { collectedAt, scopes };
}
