/**
 * Planning one run of a stance.yaml target in distributed mode: a scan row and its jobs, one per
 * (account, region group) for AWS, one per cluster for Kubernetes, enqueued in the transaction
 * that creates the scan (docs/scale-out.md).
 */
import type { TargetConfig } from '../config/load.js';
import { InputError } from '../errors.js';
import { ROLE_ARN } from '../model/aws-ids.js';
import type { QueueSql, ScheduleTick, Store } from '../store/index.js';
import type { JobQueue, EnqueuedJob } from './queue.js';
import type { AwsJob, DetectJob, JobPayload, K8sJob } from './spec.js';

/** The region group of an account's global services (IAM, S3 buckets, CloudFront, ...). */
export const GLOBAL_REGION = 'global';
/** The region group "every region enabled for the account" (a target without a region list). */
export const ALL_REGIONS = 'all';

export interface PlanOptions {
  /**
   * The AWS accounts to plan (the daemon passes an organisation's accounts, expanded at each run);
   * default: the accounts of the target's `roleArns`, else the caller's own account.
   */
  accounts?: readonly string[];
  /** Regions per job when the target lists its regions (default 1: one job per region). */
  regionsPerJob?: number;
  /** Clusters reached only by their in-cluster agent: their jobs go to `stance.k8s.<cluster>`. */
  privateClusters?: ReadonlySet<string>;
}

/** The cluster name a Kubernetes target's jobs carry. */
export function clusterOf(target: TargetConfig): string {
  return target.kubernetes?.cluster ?? target.kubernetes?.context ?? target.name;
}

/** A detection target's sources as jobs name them: `s3://bucket/prefix`, or `lookup:<region>`. */
export function detectSources(target: TargetConfig): string[] {
  const c = target.cloudtrail;
  if (!c) return [];
  return [...new Set([...(c.s3 ?? []), ...(c.lookup?.regions ?? []).map((r) => `lookup:${r}`)])];
}

/** The detection state group of a target's jobs (default: the target's name). */
export const stateGroupOf = (target: TargetConfig) => target.cloudtrail?.stateGroup ?? target.name;

/** The accounts a target's `roleArns` name, in order, without the excluded ones. */
export function listedAccounts(target: TargetConfig): string[] | undefined {
  const arns = target.aws?.roleArns;
  if (!arns) return undefined;
  const exclude = new Set(target.aws?.excludeAccounts ?? []);
  const accounts = arns.map((arn) => ROLE_ARN.exec(arn)![1]!).filter((a) => !exclude.has(a));
  return [...new Set(accounts)];
}

/** The jobs of one run of a target (pure: the accounts are known). */
export function planJobs(
  target: TargetConfig,
  scanId: number,
  accounts: readonly string[],
  opts: Pick<PlanOptions, 'regionsPerJob'> = {},
): JobPayload[] {
  if (target.aws) {
    const regions = target.aws.regions;
    const per = opts.regionsPerJob ?? 1;
    if (!Number.isInteger(per) || per < 1)
      throw new InputError(`regionsPerJob: expected a positive integer, got ${per}`);
    const groups: string[][] = [];
    if (Array.isArray(regions)) {
      groups.push([GLOBAL_REGION]);
      for (let i = 0; i < regions.length; i += per) groups.push(regions.slice(i, i + per));
    } else groups.push([ALL_REGIONS]);
    return accounts.flatMap((account) =>
      groups.map((group): AwsJob => ({
        kind: 'aws',
        scanId,
        target: target.name,
        account,
        regions: group,
        ...(target.aws!.services ? { services: [...target.aws!.services] } : {}),
      })),
    );
  }
  if (target.kubernetes) {
    const job: K8sJob = { kind: 'k8s', scanId, target: target.name, cluster: clusterOf(target) };
    return [job];
  }
  if (target.cloudtrail) {
    const stateGroup = stateGroupOf(target);
    return detectSources(target).map((source): DetectJob => ({
      kind: 'detect',
      scanId,
      target: target.name,
      source,
      stateGroup,
    }));
  }
  throw new InputError(
    `target ${target.name}: distributed mode runs aws, kubernetes and cloudtrail targets; scan manifests and snapshots with \`stance scan\``,
  );
}

async function accountsOf(target: TargetConfig, opts: PlanOptions): Promise<string[]> {
  if (opts.accounts) return [...new Set(opts.accounts)];
  const listed = listedAccounts(target);
  if (listed) return listed;
  if (target.aws?.orgRole)
    throw new InputError(
      `target ${target.name}: its accounts come from the organisation (orgRole); the daemon expands them at each run (pass accounts to plan it here)`,
    );
  const { baseCredentials, homeRegion, identify } = await import('../collect/aws/session.js');
  const via = target.aws?.profile ? `profile ${target.aws.profile}` : 'default credential chain';
  return [await identify(baseCredentials({ profile: target.aws?.profile }), homeRegion({}), via)];
}

export interface EnqueueRunOptions extends PlanOptions {
  /** How the scan is recorded (`scans.command`; default `jobs:<target>`). */
  command?: string;
  startedAt?: Date;
  /** The policy bundle version the scan row records (default the built-in bundle's). */
  bundleVersion?: string;
}

export interface PlannedRun {
  scanId: number;
  jobs: EnqueuedJob[];
}

/**
 * Plans one run of a target and enqueues it: the scan row, its jobs in the queue and the jobs it
 * waits for are written in one transaction. The store must be a PostgreSQL store.
 */
export async function enqueueRun(
  store: Store,
  queue: JobQueue,
  target: TargetConfig,
  opts: EnqueueRunOptions = {},
): Promise<PlannedRun> {
  return (await plannedRun(store, queue, target, opts))!;
}

/**
 * enqueueRun for a schedule's tick: the tick's claim commits with the scan and its jobs, or not at
 * all. Undefined when another planner (a second leader during a hand-over) claimed the tick.
 */
export async function enqueueScheduledRun(
  store: Store,
  queue: JobQueue,
  target: TargetConfig,
  tick: ScheduleTick,
  opts: EnqueueRunOptions = {},
): Promise<PlannedRun | undefined> {
  return plannedRun(store, queue, target, opts, tick);
}

async function plannedRun(
  store: Store,
  queue: JobQueue,
  target: TargetConfig,
  opts: EnqueueRunOptions,
  tick?: ScheduleTick,
): Promise<PlannedRun | undefined> {
  const distributed = requireDistributed(store);
  const accounts = target.aws ? await accountsOf(target, opts) : [];
  // The queues exist before the transaction that sends to them (created outside any transaction).
  await queue.ensureQueues(planJobs(target, 0, accounts, opts), opts.privateClusters);
  let bundleVersion = opts.bundleVersion;
  if (!bundleVersion) {
    const { loadBundle } = await import('../policy/bundle.js');
    bundleVersion = loadBundle(process.env.STANCE_BUNDLE_DIR || undefined).manifest.version;
  }
  let enqueued: EnqueuedJob[] = [];
  const scan = {
    startedAt: opts.startedAt ?? new Date(),
    bundleVersion,
    command: opts.command ?? `jobs:${target.name}`,
  };
  const send = async (scanId: number, sql: QueueSql) => {
    enqueued = await queue.enqueue(planJobs(target, scanId, accounts, opts), {
      privateClusters: opts.privateClusters,
      sql,
    });
    return enqueued.map((e) => ({ key: e.key, queue: e.queue, jobId: e.id }));
  };
  const scanId = tick
    ? await distributed.planScheduledScan({ ...scan, tick }, send)
    : await distributed.planScan(scan, send);
  return scanId === undefined ? undefined : { scanId, jobs: enqueued };
}

/** The store's distributed mode, or a one-line error saying it needs PostgreSQL. */
export function requireDistributed(store: Store): NonNullable<Store['distributed']> {
  if (!store.distributed)
    throw new InputError(
      `database ${store.location}: distributed mode (workers and the job queue) needs PostgreSQL: give --db postgres://…`,
    );
  return store.distributed;
}
