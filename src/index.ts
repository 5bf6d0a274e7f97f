/**
 * Stance as a library: everything the `stance` command does, callable from code with the same
 * results. The CLI (src/cli) parses arguments, calls these functions and prints.
 *
 *   import { openStore, scan, findings, renderFindings } from 'stance';
 *   const store = await openStore(':memory:');
 *   const result = await scan(store, { manifests: { paths: ['deploy/'] } }, { failOn: 'high' });
 *   console.log(renderFindings(await findings(store, { status: 'fail' }), 'sarif'));
 *   await store.close();
 *
 * Errors are StanceError with the exit code the CLI would end with (InputError: 2; StoreError,
 * BundleError: 4 or 2). Long calls take an AbortSignal and an onProgress callback. Nothing here
 * writes to stdout or stderr: results are returned, problems reported through callbacks. Heavy
 * dependencies (AWS SDK, Kubernetes client, the policy engine) load when first used.
 */
export { StanceError, InputError, exitCodeOf } from './errors.js';
export { StoreError, type StoreErrorCode } from './store/errors.js';
export { BundleError } from './policy/bundle.js';
export { packageVersion } from './paths.js';
export {
  SEVERITIES,
  type Collection,
  type CollectedScope,
  type EvalStatus,
  type Evaluation,
  type Provider,
  type Resource,
  type RuleMeta,
  type ScopeRef,
  type Severity,
} from './types.js';
export type { ScopeFilters } from './model/filters.js';
export type {
  FindingRow,
  Mute,
  OutboxStatus,
  PruneResult,
  ResourceDetail,
  ResourceRow,
  SearchHits,
  Store,
  StoreTx,
  Transition,
} from './store/index.js';
export type { Framework, Control } from './frameworks/load.js';
export type { LoadedBundle } from './policy/bundle.js';
export type { EvalItem } from './policy/engine.js';

export type { LongCallOptions, ProgressEvent } from './api/progress.js';
export * from './api/store.js';
export * from './api/catalog.js';
export * from './api/policy.js';
export * from './api/config.js';
export * from './api/collect.js';
export * from './api/scan.js';
export * from './api/findings.js';
export * from './api/resources.js';
export * from './api/report.js';
export * from './api/posture.js';
export {
  renderers,
  findingsRenderers,
  reportRenderers,
  FINDINGS_FORMATS,
  REPORT_FORMATS,
  type FindingsFormat,
  type FindingsModel,
  type ReportFormat,
  type ReportModel,
} from './report/renderers.js';
export * from './api/mutes.js';
export * from './api/detect.js';
export * from './api/replay.js';
export * from './api/triage.js';
export * from './api/notify.js';
export * from './api/daemon.js';
export * from './api/demo.js';
export * from './api/maintenance.js';
export * from './api/jobs.js';
export * from './api/worker.js';
