/**
 * The job contract of distributed mode (docs/scale-out.md): what the scheduler enqueues and a
 * worker runs. Payloads carry names and ids only, never credentials: workers use their own and
 * assume the role stance.yaml names for an account.
 */

export interface AwsJob {
  kind: 'aws';
  /** The scan this job's scope runs belong to (created by the scheduler or `stance jobs enqueue`). */
  scanId: number;
  /** stance.yaml target name the job was planned from (the worker reads its settings there). */
  target: string;
  account: string;
  /** One region group; the job holding `global` also commits the account's global services. */
  regions: string[];
  /** Services to collect; absent means every service the target enables. */
  services?: string[];
}

export interface K8sJob {
  kind: 'k8s';
  scanId: number;
  target: string;
  cluster: string;
}

export interface DetectJob {
  kind: 'detect';
  scanId: number;
  target: string;
  /** The detection source: a trail bucket prefix, or LookupEvents for an account and region. */
  source: string;
  /** Sources of one state group share dedup/correlation state and checkpoints: never run at once. */
  stateGroup: string;
}

export type JobPayload = AwsJob | K8sJob | DetectJob;
export type JobKind = JobPayload['kind'];

export const QUEUE_PREFIX = 'stance';

/** The pg-boss queue a job goes to. A private cluster's jobs have their own queue (its agent only). */
export function queueFor(job: JobPayload, privateClusters: ReadonlySet<string> = new Set()): string {
  if (job.kind === 'k8s' && privateClusters.has(job.cluster)) return `${QUEUE_PREFIX}.k8s.${job.cluster}`;
  return `${QUEUE_PREFIX}.${job.kind}`;
}

/** The unit a lease and the commit fence are keyed by: one attempt at a time per key. */
export function jobKey(job: JobPayload): string {
  switch (job.kind) {
    case 'aws':
      return `${job.scanId}:aws/${job.account}/${[...job.regions].sort().join('+')}`;
    case 'k8s':
      return `${job.scanId}:k8s/${job.cluster}`;
    case 'detect':
      return `detect:${job.stateGroup}`;
  }
}
