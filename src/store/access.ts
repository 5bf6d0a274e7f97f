import type {
  ConsoleRepository,
  DetectionRepository,
  FindingsRepository,
  LocksRepository,
  MutesRepository,
  OutboxRepository,
  ResourcesRepository,
  RulesRepository,
  ScansRepository,
  SignalsRepository,
  SuppressionsRepository,
} from './store.js';

/** A repository method's effect on the database: reads run in a read transaction, writes in a write transaction. */
export type Access = 'read' | 'write';

export const RULES: { readonly [K in keyof RulesRepository]: Access } = { sync: 'write' };
export const SCANS: { readonly [K in keyof ScansRepository]: Access } = {
  begin: 'write',
  finish: 'write',
  recordScopeRun: 'write',
  recordScopeDelta: 'write',
  recordUnchangedScopeRun: 'write',
  inputDigests: 'read',
  reusableEvaluations: 'read',
  unchangedResources: 'read',
  list: 'read',
  last: 'read',
  lastStarted: 'read',
  lastSucceeded: 'read',
  scopeStates: 'read',
};
export const RESOURCES: { readonly [K in keyof ResourcesRepository]: Access } = {
  list: 'read',
  get: 'read',
  definitions: 'read',
  configAt: 'read',
  existedAt: 'read',
  withTagText: 'read',
  existing: 'read',
  liveIdsByName: 'read',
};
export const FINDINGS: { readonly [K in keyof FindingsRepository]: Access } = {
  current: 'read',
  forEachCurrent: 'read',
  countsByRule: 'read',
  asOf: 'read',
  trend: 'read',
  failing: 'read',
  countByStatus: 'read',
  severeFailures: 'read',
};
export const MUTES: { readonly [K in keyof MutesRepository]: Access } = {
  add: 'write',
  list: 'read',
  remove: 'write',
};
export const SIGNALS: { readonly [K in keyof SignalsRepository]: Access } = {
  list: 'read',
  get: 'read',
  dailyCounts: 'read',
  setState: 'write',
  latest: 'read',
  insert: 'write',
  update: 'write',
};
export const SUPPRESSIONS: { readonly [K in keyof SuppressionsRepository]: Access } = {
  add: 'write',
  list: 'read',
  remove: 'write',
  recordHits: 'write',
};
export const OUTBOX: { readonly [K in keyof OutboxRepository]: Access } = {
  enqueue: 'write',
  due: 'read',
  claim: 'write',
  markDelivered: 'write',
  markRetry: 'write',
  markFailed: 'write',
  status: 'read',
  queueAlertItems: 'write',
  alertGroups: 'read',
  takeAlertItems: 'write',
  pendingChannelKeys: 'read',
  rekey: 'write',
  lastAlerted: 'read',
  setLastAlerted: 'write',
};
export const DETECTION: {
  readonly [K in Exclude<keyof DetectionRepository, 'startEventLog' | 'commitEventLog'>]: Access;
} = {
  readState: 'read',
  writeState: 'write',
  checkpoints: 'read',
  saveCheckpoints: 'write',
  advanceCheckpoints: 'write',
};
export const LOCKS: { readonly [K in keyof LocksRepository]: Access } = {
  get: 'read',
  put: 'write',
  refresh: 'write',
  release: 'write',
};

/**
 * Every repository method a backend runs in a transaction of its own when it is called on the
 * store itself, with its access. Detection's event log methods are not here: each backend wires them.
 */
export const CONSOLE: { readonly [K in keyof ConsoleRepository]: Access } = {
  changes: 'read',
  dataVersion: 'read',
  search: 'read',
  findings: 'read',
  ruleCounts: 'read',
  failing: 'read',
  postureAt: 'read',
  addToken: 'write',
  tokens: 'read',
  tokenByHash: 'read',
  revokeToken: 'write',
  touchToken: 'write',
  addSession: 'write',
  session: 'read',
  endSession: 'write',
  addAudit: 'write',
  audit: 'read',
};

export const REPOSITORY_ACCESS = {
  rules: RULES,
  scans: SCANS,
  resources: RESOURCES,
  findings: FINDINGS,
  mutes: MUTES,
  signals: SIGNALS,
  suppressions: SUPPRESSIONS,
  outbox: OUTBOX,
  detection: DETECTION,
  locks: LOCKS,
  console: CONSOLE,
} as const;
