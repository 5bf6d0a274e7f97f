import type { EvalStatus, Evaluation, Resource, Severity } from '../types.js';

export type { Evaluation, Resource };

export type ScopeRunInput =
  | {
      status: 'ok';
      startedAt: Date;
      finishedAt: Date;
      resources: Resource[];
      evaluations: Evaluation[];
      /**
       * The digest of what produced this run (src/scan/input-digest.ts), kept with the scope's state
       * so a later run from the same input is recorded by recordUnchangedScopeRun without evaluating.
       */
      input?: ScopeInput;
    }
  | { status: 'error'; startedAt: Date; finishedAt: Date; error: string };

/** What a scope's evaluated state came from, and what it counted. */
export interface ScopeInput {
  digest: string;
  summary: ScopeRunSummary;
  /** Per listed resource (by identity: id NUL definition), the hash of what its evaluation read. */
  resources?: ReadonlyMap<string, string>;
  /**
   * Listed resources (by identity) whose stored findings stand for this run's evaluation of them:
   * each is live in the scope with `resources`' hash as its kept input hash, and `evaluations`
   * holds none of their verdicts. The store leaves them as they are without reading their
   * findings, and counts the scope's summary itself (`summary` is then ignored). A kept resource
   * whose stored input hash is no longer the given one (another run changed it since the caller
   * looked) fails the run with KeptResourcesChanged and nothing is written.
   */
  kept?: ReadonlySet<string>;
}

/** The stored evaluations of a scope's resources whose input hash is unchanged. */
export interface ReusedEvaluations {
  /** Identities (id NUL definition) whose current findings stand for their evaluation. */
  resources: Set<string>;
  evaluations: Evaluation[];
}

/** A successful scope run's counts: what an unchanged rescan reports without evaluating. */
export interface ScopeRunSummary {
  resources: number;
  evaluations: number;
  pass: number;
  fail: number;
  error: number;
}

/** A run whose input digest equals the one kept with the scope's current state. */
export interface UnchangedScopeRun {
  startedAt: Date;
  finishedAt: Date;
  inputDigest: string;
}

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
  /** Rows inserted, updated or deleted besides the scope-run row itself (and the scope's digest). */
  rowsWritten: number;
  /**
   * The run's digest equals the one of the scope's last applied full run (./core/digest.ts): it
   * was recorded without reading the scope's resources or findings, and changed nothing.
   */
  unchanged: boolean;
  /** The scope's counts after the run, when the store counted them (a run with `input.kept`). */
  summary?: ScopeRunSummary;
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

/** A current finding, as little of it as a tally needs (FindingsRepository.forEachCurrent). */
export interface FindingBrief {
  resourceId: string;
  ruleId: string;
  severity: Severity;
  status: EvalStatus;
  account: string;
  region: string;
  sourceFile: string | null;
}

/** How many current findings of one rule have one status (FindingsRepository.countsByRule). */
export interface RuleStatusCount {
  ruleId: string;
  severity: Severity;
  status: EvalStatus;
  count: number;
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

/** A resource as it existed at an instant (ResourcesRepository.existedAt). */
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

export type ScanStatus = 'running' | 'ok' | 'partial' | 'failed' | 'interrupted';

/**
 * A partial listing of one scope: only these resources changed (with complete evaluations for
 * each) and these ids are gone; every other resource of the scope keeps its state.
 */
export interface ScopeDelta {
  startedAt: Date;
  finishedAt: Date;
  changed: Resource[];
  evaluations: Evaluation[];
  deleted: string[];
}

/** A resource's id, definition file and tags (what mutes and ignore annotations match on). */
export interface TaggedResource {
  resourceId: string;
  sourceFile: string | null;
  tags: Record<string, string>;
}

/** An inventory lookup key: a live resource of this type and account with this name. */
export interface ResourceName {
  type: string;
  account: string;
  name: string;
}

/**
 * A current failing finding of a live resource, with only what a scan's gate and the mutes look at
 * (no message or times): a large estate holds a few of these per resource after a scan.
 */
export interface FailingFinding {
  resourceId: string;
  ruleId: string;
  severity: Severity;
  account: string;
  region: string;
  sourceFile: string | null;
}

/** An open failing finding of high or critical severity (detection raises signals on them). */
export interface SevereFailure {
  ruleId: string;
  severity: Severity;
}

// ---------------------------------------------------------------- mutes

/** A mute silences one rule for the resources it matches, with a reason, an author and maybe an expiry. */
export interface Mute {
  id: number;
  ruleId: string;
  resourcePattern: string | null;
  account: string | null;
  region: string | null;
  tagKey: string | null;
  tagValue: string | null;
  reason: string;
  author: string | null;
  createdAt: string;
  expiresAt: string | null;
}

export type NewMute = Omit<Mute, 'id' | 'createdAt' | 'expiresAt'> & {
  createdAt: Date;
  expiresAt?: Date | null;
};

// ---------------------------------------------------------------- signals

/** A signal's triage state: open and acknowledged are active (events keep joining), resolved and false_positive are closed. */
export const SIGNAL_STATES = ['open', 'acknowledged', 'resolved', 'false_positive'] as const;
export type SignalStatus = (typeof SIGNAL_STATES)[number];
export const ACTIVE_SIGNAL_STATES: readonly SignalStatus[] = ['open', 'acknowledged'];
export const isActiveSignalState = (s: SignalStatus): boolean => s === 'open' || s === 'acknowledged';

/** One change of a signal's state: who (null: Stance itself, e.g. a reopening), when, why. */
export interface SignalStateChange {
  state: SignalStatus;
  at: string;
  by: string | null;
  note: string | null;
}

/** A signal as `stance signals --format json` prints it. */
export interface Signal {
  id: number;
  ruleId: string;
  title: string;
  status: SignalStatus;
  severity: Severity;
  /** The rule's own level, before any raise for posture findings. */
  ruleSeverity: Severity;
  reason: string | null;
  group: Record<string, string>;
  count: number;
  firstSeen: string;
  lastSeen: string;
  mitre: string[];
  eventIds: string[];
  resourceIds: string[];
  notes: string[];
  /** When it was resolved or marked a false positive; null while active. */
  closedAt: string | null;
  /** Every state change, oldest first (the creation as `open` is implied). */
  history: SignalStateChange[];
  /** Summaries of its earliest events (one signal read by id only; absent from lists). */
  events?: SignalEvents;
}

/**
 * One CloudTrail event of a signal, as kept for a reader: who did what, where and from where. Never
 * request or response bodies, credentials or session tokens; every text is cut to a bounded length.
 * `recorded` is false for an event counted without its record at hand (an older correlation event);
 * then only its id and time are known.
 */
export interface SignalEventSummary {
  id: string;
  /** ISO 8601 (UTC). */
  time: string;
  recorded: boolean;
  eventName: string | null;
  eventSource: string | null;
  awsRegion: string | null;
  sourceIPAddress: string | null;
  userAgent: string | null;
  identityType: string | null;
  identityArn: string | null;
  principalId: string | null;
  userName: string | null;
  sessionName: string | null;
  /** The access key id (AKIA…/ASIA…, an identifier CloudTrail logs; never the secret key). */
  accessKeyId: string | null;
  recipientAccountId: string | null;
  errorCode: string | null;
  /** Resource names from the request parameters (an allow-list of naming keys only). */
  resources: Record<string, string>;
}

/** A signal's recorded events: the first ones by time (at most a bounded number) of `total`. */
export interface SignalEvents {
  /** False for a signal raised before the store kept event summaries (`note` says since when). */
  recorded: boolean;
  note: string | null;
  items: SignalEventSummary[];
  total: number;
}

/** How many signals a rule raised on one UTC day (by first sighting), with their events and how they were closed. */
export interface SignalDayCount {
  ruleId: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  signals: number;
  events: number;
  falsePositives: number;
}

export interface SignalFilter {
  status?: SignalStatus;
  /** Signals seen at or after this time. */
  since?: Date;
  /** Signals first seen before this time. */
  until?: Date;
  ruleId?: string;
  resourceId?: string;
}

/** A (rule, group) whose latest signal a detection run continues. */
export interface SignalGroupKey {
  ruleId: string;
  groupKey: string;
}

/** What a detection run may change of a signal (times in epoch milliseconds). */
export interface SignalState {
  severity: Severity;
  reason: string | null;
  firstSeen: number;
  lastSeen: number;
  count: number;
  /** The earliest events by (time, id). */
  events: [number, string][];
  /** Summaries of the earliest events (a bounded prefix of `events`, in the same order). */
  eventSummaries: SignalEventSummary[];
  resourceIds: string[];
  group: Record<string, string>;
  ruleSeverity: Severity;
  notes: string[];
  /** Where the active span of a reopened signal starts (its gap and maximum duration count from here). */
  activeSince?: number;
}

/** The latest signal of a (rule, group), as a detection run reads it to keep adding events (or reopen it). */
export interface LatestSignal extends SignalGroupKey {
  id: number;
  status: SignalStatus;
  /** Epoch ms it was closed (resolved, false positive); null while active. */
  closedAt: number | null;
  count: number;
  firstSeen: number;
  lastSeen: number;
  events: [number, string][];
  /** Null for a signal raised before the store kept event summaries. */
  eventSummaries: SignalEventSummary[] | null;
  resourceIds: string[];
  group: Record<string, string>;
  notes: string[];
  activeSince?: number;
}

export interface NewSignal extends SignalGroupKey, SignalState {
  title: string;
  mitre: string[];
  createdAt: number;
}

export interface SignalUpdate extends SignalState {
  id: number;
  /**
   * The state the run read: an active state matches either active state (a signal acknowledged
   * meanwhile still takes the events); a closed state must be unchanged. Otherwise not updated.
   */
  expectStatus: SignalStatus;
  /** Reopens a closed signal (state open, history entry by Stance with this note) at this time. */
  reopen?: { at: number; note: string };
}

/** A state change asked for by a person (CLI, console). */
export interface SignalStateRequest {
  state: SignalStatus;
  at: Date;
  by: string | null;
  note: string | null;
}

// ---------------------------------------------------------------- suppressions

/**
 * Signals not raised for matching events: a rule (null: every rule), an identity (ARN, `*`
 * wildcards), a source IP range (CIDR); all given parts must match. Removal keeps the row (audit).
 */
export interface Suppression {
  id: number;
  ruleId: string | null;
  identity: string | null;
  cidr: string | null;
  reason: string;
  author: string | null;
  createdAt: string;
  expiresAt: string | null;
  removedAt: string | null;
  removedBy: string | null;
  /** Events suppressed so far, and the event time of the latest. */
  hits: number;
  lastHitAt: string | null;
}

export interface NewSuppression {
  ruleId: string | null;
  identity: string | null;
  cidr: string | null;
  reason: string;
  author: string | null;
  createdAt: Date;
  expiresAt?: Date | null;
}

/** Events a detection run suppressed, per suppression. */
export interface SuppressionHits {
  id: number;
  count: number;
  /** Event time (epoch ms) of the latest suppressed event. */
  lastHit: number;
}

// ---------------------------------------------------------------- outbox

/** A message to deliver to one channel; `payload` is its JSON text. */
export interface OutboxMessage {
  channel: string;
  payload: string;
  /** The posture scan it announces (alert messages). */
  scanId?: number;
  /**
   * The logical alert's delivery id, when the caller derives one (stale-target alerts): a message
   * queued again under the same id is not stored twice. Absent: a fresh random id.
   */
  deliveryId?: string;
}

/** An outbox message due for delivery. */
export interface OutboxRow {
  id: number;
  channel: string;
  payload: string;
  deliveryId: string;
  attempts: number;
}

export interface OutboxStatus {
  delivered: number;
  pending: number;
  failed: number;
}

/** Alert items queued by one scan for one route (channel), waiting to be grouped into a message. */
export interface AlertGroup {
  scanId: number;
  route: string;
}

// ---------------------------------------------------------------- detection

/** One processed unit of a detection source (an S3 object, a LookupEvents region). */
export interface Checkpoint {
  key: string;
  etag: string;
  /** Epoch milliseconds. */
  lastModified: number;
  processedAt: number;
}

/** A named lease (the daemon lock): who holds it and when it last said so. */
export interface LockRecord {
  holder: string;
  heartbeatAt: number;
}

/** Failures that began, and failures that ended with the finding passing, in a window. */
export interface PostureChanges {
  newFailures: number;
  fixes: number;
}

/** A page of the console's findings list (ConsoleRepository.findings): current findings of live resources. */
export interface ConsoleFindingsQuery {
  status?: EvalStatus;
  /** Only these severities (the console turns "this level and above" or "exactly this" into a list). */
  severities?: readonly Severity[];
  /** Only these rules (a framework or control's rules); an empty list keeps nothing. */
  ruleIds?: readonly string[];
  resourceId?: string;
  resourceType?: string;
  account?: string;
  region?: string;
  cluster?: string;
  namespace?: string;
  /** Findings whose current status began at or after this instant. */
  since?: Date;
  /**
   * The findings as they stood at this past instant (as FindingsRepository.asOf: the status
   * intervals containing it, of resources deleted since too; `error` where the scope was not observed).
   */
  asOf?: Date;
  tag?: { key: string; value?: string };
  /** Resource id or name, or finding message, contains this (at least 3 characters), through the search index. */
  search?: string;
  sort: 'severity' | 'status' | 'rule' | 'resource' | 'name' | 'type' | 'account' | 'region' | 'since';
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface ConsoleFindingsPage {
  /** How many findings the filters keep (all pages). */
  total: number;
  rows: FindingRow[];
}

/** How many current findings of a rule (and scope) have each status (ConsoleRepository.ruleCounts). */
export interface RuleCounts {
  ruleId: string;
  severity: Severity;
  /** Set when counted per scope. */
  scopeKey?: string;
  pass: number;
  fail: number;
  error: number;
}

/** A current failing finding of a live resource, with its scope (ConsoleRepository.failing). */
export interface ScopedFailure extends FailingFinding {
  scopeKey: string;
}

/**
 * The state at an instant (FindingsRepository.asOf) in tallies, for the console's overview as of a
 * past date (ConsoleRepository.postureAt): the same scopes, and the same findings with the same
 * statuses (a finding of a scope not observed then is an error), counted instead of listed.
 */
export interface PostureAt {
  at: string;
  /** As AsOfResult.scopes: every scope with a run at or before the instant. */
  scopes: AsOfResult['scopes'];
  /** Per rule (with its severity): the findings at the instant by status, of every scope not counted apart. */
  counts: RuleCounts[];
  /**
   * Per scope and rule (scopeKey set), of the scopes counted apart: those not observed at the
   * instant (so every finding an error) and those the caller asked for.
   */
  countsApart: Required<RuleCounts>[];
  /**
   * The findings failing at the instant (so of observed scopes only), with their scope: all of
   * them, or those of the rules and resources asked for (the ones a mute may silence).
   */
  failing: ScopedFailure[];
}

/**
 * Which failing findings ConsoleRepository.postureAt and .failing list: those of these rules or of
 * these resources.
 */
export interface FailingOf {
  ruleIds: readonly string[];
  resourceIds: readonly string[];
}

/** A scope as the store records it (ConsoleRepository.postureAt's `apart` is asked about these). */
export type ScopeParts = Pick<ScopeState, 'key' | 'provider' | 'account' | 'region' | 'service'>;

/** What a full-text search found: live resources by id or name, and findings by message. */
export interface SearchHits {
  resourceIds: string[];
  /** Findings whose message matched, as [resourceId, ruleId]. */
  findings: [string, string][];
}

export type ApiRole = 'viewer' | 'editor';

/** An API token as stored: its secret only as a hash. */
export interface ApiToken {
  id: number;
  name: string;
  role: ApiRole;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface NewApiToken {
  name: string;
  role: ApiRole;
  /** SHA-256 of the secret, hex. */
  hash: string;
  createdAt: Date;
  createdBy: string | null;
}

/** A console login: its id only as a hash, the token it was opened with, and its CSRF token. */
export interface NewConsoleSession {
  idHash: string;
  tokenId: number;
  csrfToken: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ConsoleSession {
  tokenId: number;
  tokenName: string;
  role: ApiRole;
  csrfToken: string;
  expiresAt: string;
}

export interface NewAuditEntry {
  at: Date;
  /** Token name, proxy user, or OS user. */
  actor: string;
  /** How the actor was known: local, token, session, proxy, cli. */
  via: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  via: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}
