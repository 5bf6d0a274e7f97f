import type { CollectedScope, Collection } from '../collect/snapshot.js';
import { enrich } from '../enrich/index.js';
import type { LoadedBundle } from '../policy/bundle.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { Notifier } from '../notify/alerts.js';
import type { Store, Transition } from '../store/index.js';
import type { EvalContext, Evaluation, Resource, Severity } from '../types.js';
import { SEVERITIES } from '../types.js';
import { combineExitCodes, EXIT, type ExitCode } from './exit-codes.js';
import { namespaceVersions, pssVersionFor } from './pss-version.js';

export interface ScopeOutcome {
  key: string;
  status: 'ok' | 'error' | 'partial';
  error?: string;
  resources: number;
  evaluations: number;
  transitions: Transition[];
}

export interface ScanOutcome {
  scanId: number;
  status: 'ok' | 'partial' | 'failed';
  bundleVersion: string;
  startedAt: Date;
  finishedAt: Date;
  scopes: ScopeOutcome[];
  /** Resource types present in the inventory that no rule in the bundle covers. */
  uncoveredTypes: string[];
  counts: { resources: number; pass: number; fail: number; error: number };
}

export interface ScanProgress {
  phase(name: string, total?: number): void;
  tick(n?: number): void;
  done(): void;
}

export interface ScanParams {
  store: Store;
  bundle: LoadedBundle;
  engine: PolicyEngine;
  collection: Collection;
  command: string;
  clock?: () => Date;
  progress?: ScanProgress;
  /** Queues alerts for status changes, in the same transaction as the changes. */
  notifier?: Notifier;
  /**
   * The Pod Security Standards version every Kubernetes workload is checked against ("latest" or
   * "v1.N"), instead of its namespace's pod-security.kubernetes.io/enforce-version label.
   */
  pssVersion?: string;
}

function contextFor(
  resource: Resource,
  scopeKey: string,
  collectedAt: Date,
  pssVersion: (r: Resource) => string,
): EvalContext {
  return {
    now_ns: collectedAt.getTime() * 1e6,
    provider: resource.provider,
    account: resource.account,
    region: resource.region,
    scope: scopeKey,
    ...(resource.provider === 'k8s' ? { pss_version: pssVersion(resource) } : {}),
  };
}

/**
 * Collected scopes → enrichment → engine → store, one transaction per scope.
 * A scope that errored is recorded as such and its stored findings stay as they were.
 */
export async function runScan(params: ScanParams): Promise<ScanOutcome> {
  const { store, bundle, engine, collection, command } = params;
  const clock = params.clock ?? (() => new Date());
  const startedAt = clock();
  store.syncRules(bundle.manifest.rules);
  const scanId = store.beginScan({ startedAt, bundleVersion: bundle.manifest.version, command });

  const covered = new Set(bundle.manifest.rules.flatMap((r) => r.resourceTypes));
  const uncovered = new Set<string>();
  const okScopes = collection.scopes.filter((s) => s.status !== 'error');
  const enriched = new Map<CollectedScope, Resource[]>();
  const items: { resource: Resource; context: EvalContext }[] = [];
  for (const scope of okScopes) enriched.set(scope, enrich(scope.resources));
  // Namespaces are a scope of their own in a live scan: the versions they pin are read from all.
  const versions = namespaceVersions([...enriched.values()].flat());
  const pssVersion = (r: Resource) => pssVersionFor(r, versions, params.pssVersion);
  for (const scope of okScopes) {
    for (const resource of enriched.get(scope)!) {
      if (!covered.has(resource.type)) uncovered.add(resource.type);
      items.push({
        resource,
        context: contextFor(resource, scope.scope.key, collection.collectedAt, pssVersion),
      });
    }
  }

  params.progress?.phase('evaluating policies', items.length);
  let evaluations: Evaluation[];
  try {
    evaluations = await engine.evaluate(items);
  } catch (error) {
    const message = `policy evaluation failed: ${(error as Error).message}`;
    for (const scope of collection.scopes) {
      store.recordScopeRun(scanId, scope.scope, {
        status: 'error',
        startedAt,
        finishedAt: clock(),
        error: message,
      });
    }
    store.finishScan(scanId, { finishedAt: clock(), status: 'failed' });
    throw error;
  }
  params.progress?.done();

  const byResource = new Map<string, Evaluation[]>();
  for (const evaluation of evaluations) {
    const list = byResource.get(evaluation.resourceId);
    if (list) list.push(evaluation);
    else byResource.set(evaluation.resourceId, [evaluation]);
  }

  const counts = { resources: items.length, pass: 0, fail: 0, error: 0 };
  for (const e of evaluations) counts[e.status]++;

  params.progress?.phase('storing results', collection.scopes.length);
  const scopes: ScopeOutcome[] = [];
  for (const scope of collection.scopes) {
    const scopeStarted = clock();
    if (scope.status === 'error') {
      const error = scope.error ?? 'scope could not be listed';
      const result = store.recordScopeRun(scanId, scope.scope, {
        status: 'error',
        startedAt: scopeStarted,
        finishedAt: clock(),
        error,
      });
      scopes.push({
        key: scope.scope.key,
        status: 'error',
        error,
        resources: 0,
        evaluations: 0,
        transitions: result.transitions,
      });
    } else {
      const resources = enriched.get(scope) ?? [];
      const scopeEvaluations = resources.flatMap((r) => byResource.get(r.id) ?? []);
      const finishedAt = clock();
      const queue =
        params.notifier &&
        ((r: { transitions: Transition[] }) =>
          params.notifier!.queue(
            store,
            scanId,
            r.transitions,
            new Map(resources.map((x) => [x.id, x])),
            finishedAt,
          ));
      const result =
        scope.status === 'partial'
          ? store.recordScopeDelta(
              scanId,
              scope.scope,
              {
                startedAt: scopeStarted,
                finishedAt,
                changed: resources,
                evaluations: scopeEvaluations,
                deleted: [],
              },
              queue,
            )
          : store.recordScopeRun(
              scanId,
              scope.scope,
              { status: 'ok', startedAt: scopeStarted, finishedAt, resources, evaluations: scopeEvaluations },
              queue,
            );
      scopes.push({
        key: scope.scope.key,
        status: scope.status,
        ...(scope.error ? { error: scope.error } : {}),
        resources: resources.length,
        evaluations: scopeEvaluations.length,
        transitions: result.transitions,
      });
    }
    params.progress?.tick();
  }
  params.progress?.done();

  const status = scopes.some((s) => s.status !== 'ok')
    ? scopes.every((s) => s.status === 'error')
      ? 'failed'
      : 'partial'
    : 'ok';
  const finishedAt = clock();
  store.finishScan(scanId, { finishedAt, status });
  return {
    scanId,
    status,
    bundleVersion: bundle.manifest.version,
    startedAt,
    finishedAt,
    scopes,
    uncoveredTypes: [...uncovered].sort(),
    counts,
  };
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/** Exit code of a finished scan: 1 when the gate tripped, 3 when some scope errored. */
export function scanExitCode(outcome: ScanOutcome, gateTripped: boolean): ExitCode {
  const codes: ExitCode[] = [];
  if (gateTripped) codes.push(EXIT.gateTripped);
  if (outcome.status !== 'ok') codes.push(EXIT.partial);
  return combineExitCodes(codes);
}
