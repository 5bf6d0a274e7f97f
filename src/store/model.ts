import type { EvalStatus, Evaluation, Resource, Severity } from '../types.js';

export type ScopeRunInput =
  | { status: 'ok'; startedAt: Date; finishedAt: Date; resources: Resource[]; evaluations: Evaluation[] }
  | { status: 'error'; startedAt: Date; finishedAt: Date; error: string };

/** A status change of one (resource, rule); `to: null` means the finding is gone. */
export interface Transition {
  resourceId: string;
  resourceType: string;
  ruleId: string;
  from: EvalStatus | null;
  to: EvalStatus | null;
  /** new resource or newly applicable rule | config changed | new rule bundle | other | resource deleted */
  cause: 'new' | 'config' | 'bundle' | 'rule' | 'deleted';
  message: string;
  /** Manifest scans: where the evaluated definition of the object is. */
  source?: { file: string; line: number };
}

export interface ScopeRunResult {
  scopeRunId: number;
  resourcesSeen: number;
  resourcesDeleted: number;
  transitions: Transition[];
  /** Rows inserted, updated or deleted besides the scope-run row itself. */
  rowsWritten: number;
}

export interface FindingFilter {
  status?: EvalStatus;
  /** This severity and above. */
  severity?: Severity;
  ruleId?: string;
  resourceId?: string;
  /** With resourceId: one definition of it (see definitionOf). */
  definition?: string;
  resourceType?: string;
  account?: string;
  /** Findings whose current status was set by this scan or a later one. */
  newSinceScan?: number;
}

/** What every view of a (resource, rule) status shares. */
export interface FindingCore {
  resourceId: string;
  resourceType: string;
  ruleId: string;
  severity: Severity;
  status: EvalStatus;
  message: string;
  since: string;
  account: string;
  region: string;
}

export interface FindingRow extends FindingCore {
  lastEvaluated?: string;
  /** Manifest scans: where the object is defined. */
  sourceFile?: string | null;
  sourceLine?: number | null;
  provider: string;
  name: string;
  openedScan: number;
}

export interface ResourceRow {
  resourceId: string;
  type: string;
  provider: string;
  account: string;
  region: string;
  name: string;
  tags: Record<string, string>;
  firstSeen: string;
  deletedAt: string | null;
  sourceFile: string | null;
  sourceLine: number | null;
  failing: number;
}

/** A resource as it existed at an instant (Store.resourcesAt). */
export interface ResourceAt {
  resourceId: string;
  account: string;
  region: string;
  name: string;
  tags: Record<string, string>;
  scopeKey: string;
}

export interface HistoryRow {
  ruleId: string;
  status: EvalStatus;
  message: string;
  validFrom: string;
  validTo: string | null;
  openedScan: number;
  closedScan: number | null;
  bundleVersion: string;
  cause: string;
}

export interface ResourceDetail {
  resource: ResourceRow;
  config: unknown;
  findings: FindingRow[];
  history: HistoryRow[];
  versions: { hash: string; validFrom: string; validTo: string | null; scanId: number }[];
}

export interface ScopeState {
  scopeId: number;
  key: string;
  provider: string;
  account: string;
  region: string;
  service: string;
  lastRunStatus: 'ok' | 'error' | null;
  lastRunAt: string | null;
  lastRunScan: number | null;
  lastError: string | null;
  lastOkAt: string | null;
  lastOkScan: number | null;
}

export interface AsOfFinding extends FindingCore {
  scopeKey: string;
  /** Manifest scans: where this definition of the object is. */
  source?: { file: string; line: number };
  openedScan: number;
  bundleVersion: string;
  reason?: 'not_observed';
}

export interface AsOfResult {
  at: string;
  findings: AsOfFinding[];
  /** The scope's parts as recorded (a cluster name may hold '/', so the key is not split). */
  scopes: {
    key: string;
    provider: string;
    account: string;
    region: string;
    service: string;
    observed: boolean;
    lastRunStatus: 'ok' | 'error' | null;
    lastOkAt: string | null;
  }[];
  evidence: {
    scans: {
      id: number;
      startedAt: string | null;
      finishedAt: string | null;
      bundleVersion: string | null;
      scopes: string[];
    }[];
    bundleVersions: string[];
  };
}

export interface TrendRow {
  day: string;
  ruleId: string;
  account: string;
  pass: number;
  fail: number;
  error: number;
}

export interface ScanRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  bundleVersion: string;
  command: string;
}

export interface PruneResult {
  findingHistory: number;
  resourceVersions: number;
  configBlobs: number;
  resources: number;
  scopeRuns: number;
  scans: number;
  trendDaily: number;
  signals: number;
  outbox: number;
}
