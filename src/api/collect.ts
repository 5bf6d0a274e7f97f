/**
 * Collection: live AWS and Kubernetes, manifests, snapshots. The collectors load their SDKs when
 * called, not when this module is imported.
 */
import type { AwsCollectOptions } from '../collect/aws/index.js';
import type { LiveOptions } from '../collect/k8s/live.js';
import type { ManifestCollection } from '../collect/k8s/manifests.js';
import { AWS_SERVICE_NAMES } from '../collect/aws/service-metadata.js';
import { InputError } from '../errors.js';
import { ACCOUNT_ID, REGION_NAME } from '../model/aws-ids.js';
import type { Collection } from '../types.js';
import { phaseProgress, type LongCallOptions } from './progress.js';

export type { ManifestCollection, ManifestProblem } from '../collect/k8s/manifests.js';

export interface AwsOptions extends LongCallOptions {
  /** Regions to scan; undefined or "all": every region enabled for each account. */
  regions?: string[] | 'all';
  profile?: string;
  /** Accounts reached by assuming these roles. */
  roleArns?: string[];
  externalId?: string;
  /** Every account of the organization, through this role name in each. */
  orgRole?: string;
  excludeAccounts?: string[];
  /** Only these services (see awsServices()). */
  services?: string[];
  /** Scopes collected at the same time (default 8). */
  concurrency?: number;
}

export interface KubernetesOptions extends LongCallOptions {
  kubeconfig?: string;
  context?: string;
  /** Name used in resource ids (default: the kubeconfig context's cluster name). */
  cluster?: string;
}

export interface ManifestOptions {
  /** Name used in resource ids (default "manifests"). */
  cluster?: string;
  /** Paths are resolved against this directory (default the working directory). */
  cwd?: string;
  /** Reads `-` (default: standard input). */
  stdin?: () => string;
}

/** The AWS services the collectors know (values of `services`). */
export async function awsServices(): Promise<string[]> {
  return [...AWS_SERVICE_NAMES];
}

function checkAwsOptions(opts: AwsOptions): void {
  if (Array.isArray(opts.regions))
    for (const r of opts.regions)
      if (!REGION_NAME.test(r)) throw new InputError(`--regions ${r}: not a region name (e.g. eu-west-1)`);
  for (const a of opts.excludeAccounts ?? [])
    if (!ACCOUNT_ID.test(a)) throw new InputError(`--exclude-accounts ${a}: expected a 12-digit account id`);
  if (opts.orgRole && opts.roleArns?.length) throw new InputError('give --role-arn or --org-role, not both');
}

/**
 * Lists every account and region the options name; each (account, region, service) is a scope,
 * and one that fails (denied, throttled, disabled region) is recorded as an error, the rest goes on.
 */
export async function collectAws(opts: AwsOptions = {}): Promise<Collection> {
  checkAwsOptions(opts);
  const { collectAws: collect } = await import('../collect/aws/index.js');
  const { onProgress, ...rest } = opts;
  const options: AwsCollectOptions = { ...rest, progress: phaseProgress(onProgress) };
  return collect(options);
}

/** Lists a live cluster kind by kind; a kind the credentials may not list is an error scope. */
export async function collectKubernetes(opts: KubernetesOptions = {}): Promise<Collection> {
  const { collectLive } = await import('../collect/k8s/live.js');
  const { onProgress, ...rest } = opts;
  const options: LiveOptions = { ...rest, progress: phaseProgress(onProgress) };
  return collectLive(options);
}

/**
 * Reads Kubernetes manifests (files, directories, `-`): one scope per file. Problems (a document
 * that does not parse, a link that cannot be followed) and notices come back with the collection.
 */
export async function collectManifests(
  paths: string[],
  opts: ManifestOptions = {},
): Promise<ManifestCollection> {
  return (await import('../collect/k8s/manifests.js')).collectManifests(paths, opts);
}

/** Reads and validates a snapshot file (`-`: standard input). */
export async function loadSnapshot(file: string): Promise<Collection> {
  return (await import('../collect/snapshot.js')).loadSnapshot(file);
}

/** Validates snapshot text; `file` names it in messages. */
export async function parseSnapshot(text: string, file: string): Promise<Collection> {
  return (await import('../collect/snapshot.js')).parseSnapshot(text, file);
}

/** A collection as snapshot text (what writeSnapshot writes). */
export async function snapshotText(collection: Collection): Promise<string> {
  return (await import('../collect/snapshot.js')).snapshotText(collection);
}

export type { NodeCheckOptions } from '../collect/node/collect.js';

/**
 * The files of the Kubernetes node this runs on that CIS Kubernetes 1.1 and 4.1 name (its root
 * mounted at `root`): one k8s.node_files resource in a scope of its own, to scan or snapshot.
 */
export async function collectNode(
  opts: import('../collect/node/collect.js').NodeCheckOptions,
): Promise<Collection> {
  return (await import('../collect/node/collect.js')).collectNode(opts);
}

/** Writes a collection as a snapshot file, whole or not at all. */
export async function writeSnapshot(file: string, collection: Collection): Promise<void> {
  (await import('../collect/snapshot.js')).writeSnapshot(file, collection);
}

/** Where a scan's resources come from: live AWS and/or Kubernetes, or manifests, or a snapshot. */
export interface ScanSource {
  aws?: Omit<AwsOptions, keyof LongCallOptions>;
  kubernetes?: Omit<KubernetesOptions, keyof LongCallOptions>;
  manifests?: { paths: string[] } & ManifestOptions;
  snapshot?: string;
}

/** What collecting a source gave: the collection, and the problems and notices of manifests. */
export interface CollectedSource {
  collection: Collection;
  problems: ManifestCollection['problems'];
  notices: ManifestCollection['notices'];
}

/** Collects a source; live AWS and Kubernetes together make one collection. */
export async function collect(source: ScanSource, opts: LongCallOptions = {}): Promise<CollectedSource> {
  const live = Boolean(source.aws || source.kubernetes);
  const kinds = [live, Boolean(source.manifests), Boolean(source.snapshot)].filter(Boolean).length;
  if (kinds !== 1)
    throw new InputError('scan: give one source: aws and/or kubernetes (live), manifests, or a snapshot');
  if (source.manifests) {
    const { paths, ...options } = source.manifests;
    const manifests = await collectManifests(paths, options);
    return { collection: manifests, problems: manifests.problems, notices: manifests.notices };
  }
  if (source.snapshot) return { collection: await loadSnapshot(source.snapshot), problems: [], notices: [] };
  const parts: Collection[] = [];
  if (source.aws) parts.push(await collectAws({ ...source.aws, ...opts }));
  if (source.kubernetes) parts.push(await collectKubernetes({ ...source.kubernetes, ...opts }));
  return {
    collection: {
      collectedAt: parts[0]!.collectedAt,
      scopes: parts.flatMap((p) => p.scopes),
      clusters: parts.flatMap((p) => p.clusters ?? []),
    },
    problems: [],
    notices: [],
  };
}
