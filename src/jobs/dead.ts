/**
 * Jobs that used up their attempts (pg-boss copied them to the dead-letter queue): each one's
 * scopes are recorded as errors in its scan (not observed: never a pass) and the scan finishes
 * when it was the last job it waited for (docs/scale-out.md, "A job that dies").
 */
import type { StanceConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import { awsScope, k8sScope } from '../model/scopes.js';
import type { DistributedStore } from '../store/index.js';
import type { ScopeRef } from '../types.js';
import { safeErrorMessage } from '../util/redact.js';
import { ALL_REGIONS, GLOBAL_REGION } from './plan.js';
import { QUEUES } from './queue.js';
import { jobKey, type JobPayload } from './spec.js';

/**
 * The scopes a job would have committed, as far as they are known without running it: an AWS
 * job's services in its regions (with `all`, the regions are unknown: its global services and the
 * account's region listing), a Kubernetes job's kinds. A detection job commits no scope.
 */
export async function scopesOfJob(job: JobPayload, config: StanceConfig): Promise<ScopeRef[]> {
  switch (job.kind) {
    case 'aws': {
      const { AWS_COLLECTORS } = await import('../collect/aws/index.js');
      const target = config.targets.find((t) => t.name === job.target);
      const wanted = job.services ?? target?.aws?.services;
      const collectors = AWS_COLLECTORS.filter((c) => !wanted || wanted.includes(c.service));
      const all = job.regions.includes(ALL_REGIONS);
      const regions = job.regions.filter((r) => r !== GLOBAL_REGION && r !== ALL_REGIONS);
      const scopes = collectors.flatMap((c) =>
        c.global
          ? all || job.regions.includes(GLOBAL_REGION)
            ? [awsScope(job.account, GLOBAL_REGION, c.service)]
            : []
          : regions.map((r) => awsScope(job.account, r, c.service)),
      );
      if (all) scopes.push(awsScope(job.account, GLOBAL_REGION, 'regions'));
      return scopes;
    }
    case 'k8s': {
      const { LIVE_KINDS } = await import('../collect/k8s/live.js');
      return LIVE_KINDS.map((k) => k8sScope(job.cluster, k.kind));
    }
    case 'detect':
      return [];
  }
}

function payloadOf(data: unknown): JobPayload | undefined {
  const d = data as Partial<JobPayload> | null;
  if (!d || typeof d !== 'object' || typeof d.scanId !== 'number' || typeof d.target !== 'string')
    return undefined;
  if (d.kind === 'aws' && typeof d.account === 'string' && Array.isArray(d.regions)) return d as JobPayload;
  if (d.kind === 'k8s' && typeof d.cluster === 'string') return d as JobPayload;
  if (d.kind === 'detect' && typeof d.stateGroup === 'string') return d as JobPayload;
  return undefined;
}

function messageOf(output: unknown): string {
  const o = output as { message?: unknown } | null;
  return typeof o?.message === 'string' ? o.message : 'the job failed every attempt';
}

/**
 * Settles the dead letters whose scan still waits for them (any process may: a settled job is
 * skipped by the others). Returns how many it settled and the scans that finished.
 */
export async function settleDeadJobs(
  distributed: DistributedStore,
  opts: { schema: string; config: StanceConfig; log: Logger; limit?: number },
): Promise<{ settled: number; finishedScans: number[] }> {
  const rows = await distributed.unsettledDeadJobs({
    schema: opts.schema,
    queue: QUEUES.dead,
    limit: opts.limit ?? 100,
  });
  let settled = 0;
  const finishedScans: number[] = [];
  for (const row of rows) {
    const job = payloadOf(row.data);
    if (!job) continue;
    try {
      const error = `job failed every attempt: ${messageOf(row.output)}`.slice(0, 2_000);
      const r = await distributed.settleDeadJob({
        scanId: job.scanId,
        key: jobKey(job),
        scopes: await scopesOfJob(job, opts.config),
        error,
        at: new Date(),
      });
      if (!r.settled) continue;
      settled++;
      if (r.scanFinished) finishedScans.push(job.scanId);
      opts.log.warn('dead job settled: its scopes recorded as errors', {
        job: row.id,
        scan: job.scanId,
        key: jobKey(job),
        scopes: r.scopes,
        scanFinished: r.scanFinished,
      });
    } catch (error) {
      opts.log.warn('could not settle a dead job (tried again later)', {
        job: row.id,
        error: safeErrorMessage(error),
      });
    }
  }
  return { settled, finishedScans };
}
