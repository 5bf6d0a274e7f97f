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
import {
  evaluatePrepared,
  groupByIdentity,
  identityOf,
  planReuse,
  prepareEvaluation,
  shareOf,
  summaryOf,
  type ScopeWork,
} from '../scan/pipeline.js';
import { KeptResourcesChanged } from '../store/errors.js';
import type {
  DistributedStore,
  FencedCommit,
  QueueSql,
  ScansRepository,
  StoreTx,
  Transition,
} from '../store/index.js';
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
        `detection job ${job.source}: detection jobs are run by the worker (runDetectJob), not collected`,
      );
  }
}

export interface EvaluatedScope {
  scope: Collection['scopes'][number];
  /** Its resources as stored. */
  resources: Resource[];
  /** The evaluations of its resources, but for the kept ones' and an unchanged scope's. */
  evaluations: Evaluation[];
  /** What its evaluation reads (input digest, per-resource hashes) and the engine's input: absent for an errored scope. */
  work?: ScopeWork;
  /** Its input digest equals the stored one: recorded from the digest alone, nothing evaluated. */
  unchanged?: boolean;
  /** Identities of its resources whose own input is unchanged: left as stored (ScopeInput.kept). */
  kept?: ReadonlySet<string>;
}

export interface EvaluatedJob {
  collection: Collection;
  /** Per collected scope, what its commit records. */
  scopes: EvaluatedScope[];
}

/**
 * Evaluates a collected job as `stance scan` does a collection (src/scan/pipeline.ts): with the
 * store's scans given, a scope whose input digest is unchanged, and each resource whose own input
 * hash is, is not evaluated. What was read from the store may be stale by the commit: the commit
 * refuses it (ScopeInputChanged, KeptResourcesChanged) and reviseEvaluatedJob evaluates it.
 */
export async function evaluateJob(
  collection: Collection,
  target: TargetConfig,
  config: StanceConfig,
  bundle: LoadedBundle,
  engine: PolicyEngine,
  scans?: Pick<ScansRepository, 'inputDigests' | 'unchangedResources'>,
): Promise<EvaluatedJob> {
  const prepared = prepareEvaluation(collection, bundle.manifest.rules, {
    bundleVersion: bundle.manifest.version,
    pssVersion: target.pssVersion,
    kubeVersion: target.kubeVersion,
    systemNamespaces: config.kubernetes?.systemNamespaces,
  });
  const plan = await planReuse(scans ?? NOTHING_STORED, collection, prepared.work, scans !== undefined);
  const byResource = groupByIdentity(
    await evaluatePrepared(engine, {
      items: plan.toEvaluate.flatMap((g) => g.items),
      notEvaluated: plan.toEvaluate.flatMap((g) => g.notEvaluated),
    }),
  );
  return {
    collection,
    scopes: collection.scopes.map((scope) => {
      const resources = prepared.enriched.get(scope) ?? [];
      const unchanged = plan.reusable.has(scope);
      const kept = plan.unchangedOf.get(scope);
      return {
        scope,
        resources,
        evaluations: unchanged
          ? []
          : resources.flatMap((r) => byResource.get(identityOf(r.id, definitionOf(r))) ?? []),
        work: prepared.work.get(scope),
        ...(unchanged ? { unchanged } : {}),
        ...(kept?.size ? { kept } : {}),
      };
    }),
  };
}

/** Without the store's scans: every scope evaluated (planReuse reads nothing when told not to reuse). */
const NOTHING_STORED: Pick<ScansRepository, 'inputDigests' | 'unchangedResources'> = {
  inputDigests: async () => new Map(),
  unchangedResources: async () => new Set(),
};

/**
 * Thrown in the commit's transaction (rolling it back) when a scope taken as unchanged is not any
 * more: another run recorded it since its digest was read.
 */
export class ScopeInputChanged extends Error {
  constructor(readonly scopeKey: string) {
    super(`scope ${scopeKey}: its input digest changed since it was read; nothing of this job was stored`);
  }
}

/**
 * After a commit refused as stale (ScopeInputChanged, KeptResourcesChanged; the transaction rolled
 * back): evaluates what the store no longer vouches for, so the commit can be tried again. False:
 * the error is no such refusal (or nothing is left to evaluate), and is the caller's to handle.
 */
export async function reviseEvaluatedJob(
  evaluated: EvaluatedJob,
  error: unknown,
  engine: PolicyEngine,
): Promise<boolean> {
  if (error instanceof ScopeInputChanged) {
    const entry = evaluated.scopes.find((s) => s.unchanged && s.scope.scope.key === error.scopeKey);
    if (!entry?.work) return false;
    const byResource = groupByIdentity(await evaluatePrepared(engine, entry.work));
    entry.evaluations = entry.resources.flatMap(
      (r) => byResource.get(identityOf(r.id, definitionOf(r))) ?? [],
    );
    delete entry.unchanged;
    delete entry.kept;
    return true;
  }
  if (error instanceof KeptResourcesChanged) {
    const entry = evaluated.scopes.find((s) => s.kept && s.scope.scope.key === error.scopeKey);
    if (!entry?.work || !entry.kept) return false;
    const kept = entry.kept;
    const stale = new Set(error.identities.filter((id) => kept.has(id)));
    // the store names only kept resources; one it names that is not kept would loop for ever
    if (stale.size === 0) return false;
    entry.evaluations.push(...(await evaluatePrepared(engine, shareOf(entry.work, stale))));
    entry.kept = new Set([...kept].filter((id) => !stale.has(id)));
    return true;
  }
  return false;
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
  for (const entry of evaluated.scopes) {
    const { scope, resources, evaluations } = entry;
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
    if (entry.unchanged) {
      const unchanged = await tx.scans.recordUnchangedScopeRun(scanId, scope.scope, {
        startedAt,
        finishedAt,
        inputDigest: entry.work!.inputDigest,
      });
      // the commit rolls back; reviseEvaluatedJob evaluates the scope and the commit is tried again
      if (!unchanged) throw new ScopeInputChanged(scope.scope.key);
      continue;
    }
    const { work, kept } = entry;
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
            ...(work
              ? {
                  input: {
                    digest: work.inputDigest,
                    summary: summaryOf(resources, evaluations),
                    resources: work.inputHashes,
                    ...(kept?.size ? { kept } : {}),
                  },
                }
              : {}),
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

/**
 * The fenced commit of an evaluated job: its scopes recorded, the queue's job completed and the
 * lease released in one transaction. What evaluateJob read from the store outside it (input
 * digests, unchanged resources) the store checks again inside it; what another run changed
 * meanwhile is refused (the transaction rolls back, nothing is written), evaluated now
 * (reviseEvaluatedJob), and the commit tried again under the same lease.
 */
export async function commitEvaluatedJob(
  distributed: Pick<DistributedStore, 'fencedCommit'>,
  p: {
    fence: { key: string; token: string; scanId: number };
    evaluated: EvaluatedJob;
    engine: PolicyEngine;
    complete: (sql: QueueSql) => Promise<void>;
    notifier?: Notifier;
    /** After a refusal, once the scope's stale share is evaluated again. */
    onRevised?: (scopeKey: string) => void;
  },
): Promise<FencedCommit<RecordedJob>> {
  const { fence, evaluated } = p;
  const scopes = evaluated.collection.scopes.map((s) => s.scope.key);
  for (;;) {
    try {
      return await distributed.fencedCommit(
        { ...fence, scopes },
        (tx) => recordJob(tx, fence.scanId, evaluated, () => new Date(), p.notifier),
        p.complete,
      );
    } catch (error) {
      if (!(await reviseEvaluatedJob(evaluated, error, p.engine))) throw error;
      p.onRevised?.((error as ScopeInputChanged | KeptResourcesChanged).scopeKey);
    }
  }
}
