/**
 * One job's work, outside any transaction: collect its unit (an AWS account and region group, a
 * cluster) and evaluate it with the policy engine, exactly as a scan does; then what its commit
 * records, scope by scope, inside the fenced commit's transaction.
 */
import type { StanceConfig, TargetConfig } from '../config/load.js';
import { InputError } from '../errors.js';
import type { Notifier } from '../notify/alerts.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { LoadedBundle } from '../policy/bundle.js';
import { evaluatePrepared, prepareEvaluation } from '../scan/pipeline.js';
import type { StoreTx, Transition } from '../store/index.js';
import type { Collection, Evaluation, Resource } from '../types.js';
import { definitionOf } from '../types.js';
import { withCallGate, type CallGate } from '../collect/aws/call-gate.js';
import { ALL_REGIONS, clusterOf, GLOBAL_REGION } from './plan.js';
import type { AwsJob, JobPayload } from './spec.js';

export interface CollectContext {
  config: StanceConfig;
  /** The cluster this worker runs in (`stance worker --cluster NAME`): its jobs need no target in stance.yaml. */
  agentCluster?: string;
  signal: AbortSignal;
  /** Waits before each AWS API request (the per-account, per-service token bucket). */
  gate?: CallGate;
  /** AWS scopes collected at once within the job. */
  awsConcurrency?: number;
}

export function targetOf(config: StanceConfig, job: JobPayload, agentCluster?: string): TargetConfig {
  const target = config.targets.find((t) => t.name === job.target);
  // An in-cluster agent reads its own cluster through its ServiceAccount (the in-cluster configuration).
  if (!target && job.kind === 'k8s' && job.cluster === agentCluster)
    return { name: job.target, kubernetes: { cluster: job.cluster }, schedule: '0 * * * *', staleAfter: 3 };
  if (!target)
    throw new InputError(`job for target ${job.target}: no such target in this worker's stance.yaml`);
  return target;
}

/** The role a job's account is entered through: the target's roleArns, its orgRole, or none (own account). */
function roleFor(target: TargetConfig, account: string): string[] | undefined {
  const aws = target.aws!;
  const listed = aws.roleArns?.find((arn) => arn.split(':')[4] === account);
  if (listed) return [listed];
  if (aws.orgRole) return [`arn:aws:iam::${account}:role/${aws.orgRole}`];
  if (aws.roleArns)
    throw new InputError(`job for target ${target.name}: account ${account} is not among its roleArns`);
  return undefined;
}

/** This process's AWS callers and assumed roles, kept across its jobs (one account per job). */
let awsSessions: import('../collect/aws/index.js').AwsSessionCache | undefined;

async function collectAwsJob(target: TargetConfig, job: AwsJob, ctx: CollectContext): Promise<Collection> {
  if (!target.aws) throw new InputError(`job for target ${target.name}: the target is not an aws target`);
  const { collectAws, AwsSessionCache } = await import('../collect/aws/index.js');
  awsSessions ??= new AwsSessionCache();
  const all = job.regions.includes(ALL_REGIONS);
  const regions = job.regions.filter((r) => r !== GLOBAL_REGION && r !== ALL_REGIONS);
  const run = () =>
    collectAws({
      profile: target.aws!.profile,
      externalId: target.aws!.externalId,
      roleArns: roleFor(target, job.account),
      regions: all ? 'all' : regions,
      services: job.services ?? target.aws!.services,
      globalServices: all || job.regions.includes(GLOBAL_REGION),
      concurrency: ctx.awsConcurrency,
      signal: ctx.signal,
      sessionCache: awsSessions,
    });
  const collection = await (ctx.gate ? withCallGate(ctx.gate, run) : run());
  // Only the job's account: its own credentials may reach another (the default chain's account).
  return { ...collection, scopes: collection.scopes.filter((s) => s.scope.account === job.account) };
}

export async function collectJob(job: JobPayload, ctx: CollectContext): Promise<Collection> {
  const target = targetOf(ctx.config, job, ctx.agentCluster);
  switch (job.kind) {
    case 'aws':
      return collectAwsJob(target, job, ctx);
    case 'k8s': {
      if (!target.kubernetes)
        throw new InputError(`job for target ${target.name}: the target is not a kubernetes target`);
      if (clusterOf(target) !== job.cluster)
        throw new InputError(
          `job for cluster ${job.cluster}: target ${target.name} names cluster ${clusterOf(target)}`,
        );
      const { collectLive } = await import('../collect/k8s/live.js');
      return collectLive({ ...target.kubernetes, signal: ctx.signal });
    }
    case 'detect':
      throw new InputError(
        `detection job ${job.source}: stance worker does not run detection jobs yet (run stance detect)`,
      );
  }
}

export interface EvaluatedJob {
  collection: Collection;
  /** Per collected scope: its resources as stored and their evaluations. */
  scopes: { scope: Collection['scopes'][number]; resources: Resource[]; evaluations: Evaluation[] }[];
}

const identityOf = (resourceId: string, definition: string | undefined) =>
  `${resourceId}\u0000${definition ?? ''}`;

export async function evaluateJob(
  collection: Collection,
  target: TargetConfig,
  config: StanceConfig,
  bundle: LoadedBundle,
  engine: PolicyEngine,
): Promise<EvaluatedJob> {
  const prepared = prepareEvaluation(collection, bundle.manifest.rules, {
    pssVersion: target.pssVersion,
    kubeVersion: target.kubeVersion,
    systemNamespaces: config.kubernetes?.systemNamespaces,
  });
  const byResource = new Map<string, Evaluation[]>();
  for (const e of await evaluatePrepared(engine, prepared)) {
    const key = identityOf(e.resourceId, e.definition);
    const list = byResource.get(key);
    if (list) list.push(e);
    else byResource.set(key, [e]);
  }
  return {
    collection,
    scopes: collection.scopes.map((scope) => {
      const resources = prepared.enriched.get(scope) ?? [];
      return {
        scope,
        resources,
        evaluations: resources.flatMap((r) => byResource.get(identityOf(r.id, definitionOf(r))) ?? []),
      };
    }),
  };
}

export interface RecordedJob {
  scopes: number;
  errored: number;
  transitions: Transition[];
}

/** Records every scope of an evaluated job in the commit's transaction (as runScan does, scope by scope). */
export async function recordJob(
  tx: StoreTx,
  scanId: number,
  evaluated: EvaluatedJob,
  at: () => Date,
  notifier?: Notifier,
): Promise<RecordedJob> {
  const out: RecordedJob = { scopes: 0, errored: 0, transitions: [] };
  const startedAt = evaluated.collection.collectedAt;
  for (const { scope, resources, evaluations } of evaluated.scopes) {
    const finishedAt = at();
    out.scopes++;
    if (scope.status === 'error') {
      out.errored++;
      await tx.scans.recordScopeRun(scanId, scope.scope, {
        status: 'error',
        startedAt,
        finishedAt,
        error: scope.error ?? 'scope could not be listed',
      });
      continue;
    }
    if (scope.status === 'partial') out.errored++;
    const recorded =
      scope.status === 'partial'
        ? await tx.scans.recordScopeDelta(scanId, scope.scope, {
            startedAt,
            finishedAt,
            changed: resources,
            evaluations,
            deleted: [],
          })
        : await tx.scans.recordScopeRun(scanId, scope.scope, {
            status: 'ok',
            startedAt,
            finishedAt,
            resources,
            evaluations,
          });
    out.transitions.push(...recorded.transitions);
    await notifier?.queue(
      tx,
      scanId,
      recorded.transitions,
      new Map(resources.map((r) => [r.id, r])),
      finishedAt,
    );
  }
  return out;
}
