import type { Framework } from '../frameworks/load.js';
import type { AsOfResult, Store } from '../store/index.js';
import { tagKey, type MuteMatcher } from '../mutes/match.js';
import type { RuleMeta } from '../types.js';
import { inScopeFilters, type ScopeFilters } from '../model/filters.js';
import { NODE_FILES_TYPE } from '../model/scopes.js';
import { nodeCoverage, type NodeCoverage } from './node-coverage.js';

export type ControlStatus = 'pass' | 'fail' | 'manual' | 'not_applicable' | 'error';

export type ReportFilters = ScopeFilters;

export interface FailingEntry {
  resourceId: string;
  /** Set on muted entries. */
  mute?: { id: number; reason: string; author: string | null; expiresAt: string | null };
  resourceType: string;
  ruleId: string;
  message: string;
  since: string;
  account: string;
  region: string;
  /** Manifest scans: where the failing definition of the object is. */
  source?: { file: string; line: number };
}

export interface ControlResult {
  id: string;
  title: string;
  section: string;
  level?: string | number;
  assessment: 'automated' | 'manual';
  coverage: 'full' | 'partial';
  status: ControlStatus;
  rules: string[];
  evaluated: number;
  passing: number;
  failing: FailingEntry[];
  muted: FailingEntry[];
  errors: { ruleId: string; reason: string; resourceId?: string }[];
  guidance?: string;
}

/** The report JSON contract of DESIGN.md (validated against shared/schemas/report.schema.json). */
export interface Report {
  framework: { id: string; name: string; version: string; complete: boolean; source: string };
  generatedAt: string;
  asOf: string;
  /** The filters the report was made with (scope, and the rule and status filters when given). */
  scope: ReportFilters & { severity?: string; rule?: string; status?: string };
  evidence: {
    bundleVersion: string;
    bundleVersions: string[];
    scans: { id: number; startedAt: string | null; finishedAt: string | null; scopes: string[] }[];
  };
  summary: {
    pass: number;
    fail: number;
    manual: number;
    not_applicable: number;
    error: number;
    score: number;
  };
  controls: ControlResult[];
}

export interface BuildReportOptions {
  store: Store;
  framework: Framework;
  rules: RuleMeta[];
  bundleVersion: string;
  /** Report the state at this instant; default now. */
  asOf?: Date;
  /** A scope counts as observed at `asOf` if its last run succeeded within this window (default 48 h for past dates, unbounded for now). */
  staleAfterMs?: number;
  filters?: ReportFilters;
  now?: Date;
  /** Failing findings these match are listed under `muted` and count as passing. */
  mutes?: MuteMatcher;
  tags?: Map<string, Record<string, string>>;
}

type ScopeInfo = AsOfResult['scopes'][number];

/** The parts of a scope the report needs: provider, account (AWS account or cluster), region, service or kind. */
type ScopeParts = Pick<ScopeInfo, 'provider' | 'account' | 'region' | 'service'>;

/**
 * Does a scope list resources of this type? aws.iam.user ← aws/…/iam; k8s.pod ← k8s/…/Pod or any
 * manifests scope. A Kubernetes type is its kind in lower case, words joined by "_": k8s.node_files ←
 * k8s/…/NodeFiles/<node>, the scope of one node check, which no manifest can stand in for.
 */
export function scopeCoversType(scope: ScopeParts, type: string): boolean {
  const [provider, service] = type.split('.');
  if (provider !== scope.provider) return false;
  if (provider === 'aws') return scope.service === service;
  const kind = type.split('.').slice(1).join('').replace(/_/g, '');
  if (scope.service === 'manifests') return type !== NODE_FILES_TYPE;
  return scope.service.split('/')[0]!.toLowerCase() === kind;
}

const inFilters = inScopeFilters;

/**
 * Builds a framework report from the store's state at an instant. Control status follows DESIGN.md's
 * precedence: no rules → manual; an unmuted failure → fail; a rule's scope errored or its resource
 * type was never observed → error; evaluations that all pass → pass; nothing to evaluate → not_applicable.
 */
export async function buildReport(opts: BuildReportOptions): Promise<Report> {
  const now = opts.now ?? new Date();
  const at = opts.asOf ?? now;
  const filters = opts.filters ?? {};
  const staleAfterMs = opts.staleAfterMs ?? (opts.asOf ? undefined : Number.MAX_SAFE_INTEGER);
  const state = await opts.store.findings.asOf(at, staleAfterMs === undefined ? {} : { staleAfterMs });
  const ruleById = new Map(opts.rules.map((r) => [r.id, r]));

  const scopes: ScopeInfo[] = state.scopes.filter((s) => inFilters(filters, s.provider, s.account, s.region));
  // Node checks join the cluster's Node listing at this instant (./node-coverage.ts).
  const coverage: NodeCoverage = await nodeCoverage(opts.store, at, scopes);
  const nodes = () => coverage;
  const nodeFilesCount = (type: string, account: string, scopeKey: string) =>
    type !== NODE_FILES_TYPE || nodes().counts(account, scopeKey);
  const findings = state.findings.filter(
    (f) =>
      inFilters(filters, f.resourceType.startsWith('aws.') ? 'aws' : 'k8s', f.account, f.region) &&
      nodeFilesCount(f.resourceType, f.account, f.scopeKey),
  );
  const byRule = new Map<string, typeof findings>();
  for (const f of findings) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }

  const controls: ControlResult[] = opts.framework.controls.map((control) => {
    const base = {
      id: control.id,
      title: control.title,
      section: control.section,
      ...(control.level !== undefined ? { level: control.level } : {}),
      assessment: control.assessment,
      coverage: control.coverage,
      rules: control.rules,
      ...(control.guidance ? { guidance: control.guidance } : {}),
    };
    if (control.rules.length === 0) {
      return {
        ...base,
        status: 'manual' as const,
        evaluated: 0,
        passing: 0,
        failing: [],
        muted: [],
        errors: [],
      };
    }
    const failing: FailingEntry[] = [];
    const muted: FailingEntry[] = [];
    const errors: ControlResult['errors'] = [];
    let evaluated = 0;
    let passing = 0;
    for (const ruleId of control.rules) {
      const rule = ruleById.get(ruleId);
      if (!rule) {
        errors.push({ ruleId, reason: 'rule is not in the policy bundle' });
        continue;
      }
      for (const f of byRule.get(ruleId) ?? []) {
        evaluated++;
        if (f.status === 'pass') passing++;
        else if (f.status === 'fail') {
          const entry = {
            resourceId: f.resourceId,
            resourceType: f.resourceType,
            ruleId,
            message: f.message,
            since: f.since,
            account: f.account,
            region: f.region,
            ...(f.source ? { source: f.source } : {}),
          };
          const mute = opts.mutes?.match({
            ...entry,
            tags: opts.tags?.get(tagKey(f.resourceId, f.source?.file)),
          });
          if (mute) {
            muted.push({
              ...entry,
              mute: { id: mute.id, reason: mute.reason, author: mute.author, expiresAt: mute.expiresAt },
            });
            passing++;
          } else failing.push(entry);
        } else
          errors.push({
            ruleId,
            resourceId: f.resourceId,
            reason: f.reason === 'not_observed' ? 'not observed' : f.message,
          });
      }
      const covering = scopes.filter((s) =>
        rule.resourceTypes.some((type) => scopeCoversType(s, type) && nodeFilesCount(type, s.account, s.key)),
      );
      if (covering.length === 0)
        errors.push({ ruleId, reason: `none of ${rule.resourceTypes.join(', ')} was collected` });
      if (rule.resourceTypes.includes(NODE_FILES_TYPE)) {
        for (const m of nodes().missing)
          errors.push({
            ruleId,
            resourceId: m.resourceId,
            reason: `node ${m.node}: no node check (run stance node on it)`,
          });
      }
      for (const s of covering.filter((x) => !x.observed)) {
        errors.push({
          ruleId,
          reason: `scope ${s.key} not observed (last run: ${s.lastRunStatus ?? 'none'})`,
        });
      }
    }
    failing.sort((a, b) =>
      a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : a.ruleId < b.ruleId ? -1 : 1,
    );
    const status: ControlStatus =
      failing.length > 0 ? 'fail' : errors.length > 0 ? 'error' : evaluated > 0 ? 'pass' : 'not_applicable';
    return { ...base, status, evaluated, passing, failing, muted, errors };
  });

  const latestScan = state.evidence.scans.reduce<(typeof state.evidence.scans)[number] | undefined>(
    (a, b) => (!a || b.id > a.id ? b : a),
    undefined,
  );
  const summary = { pass: 0, fail: 0, manual: 0, not_applicable: 0, error: 0, score: 0 };
  for (const c of controls) summary[c.status]++;
  const decided = summary.pass + summary.fail + summary.error;
  summary.score = decided === 0 ? 0 : Math.round((1000 * 100 * summary.pass) / decided) / 1000;

  return {
    framework: {
      id: opts.framework.id,
      name: opts.framework.name,
      version: opts.framework.version,
      complete: opts.framework.complete,
      source: opts.framework.source,
    },
    generatedAt: now.toISOString(),
    asOf: at.toISOString(),
    scope: { ...filters },
    evidence: {
      bundleVersion: latestScan?.bundleVersion ?? opts.bundleVersion,
      bundleVersions: state.evidence.bundleVersions,
      scans: state.evidence.scans.map(({ id, startedAt, finishedAt, scopes: keys }) => ({
        id,
        startedAt,
        finishedAt,
        scopes: keys,
      })),
    },
    summary,
    controls,
  };
}
