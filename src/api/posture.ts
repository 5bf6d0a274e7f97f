/**
 * The posture of every framework from tallies instead of one report per framework (the console's
 * overview). Now: per rule, how many current findings pass, fail and error (the store's
 * current_counts rollup), and the scopes. As of a past instant: the same from one read of that
 * instant's state counted per scope and rule (ConsoleRepository.postureAt, with
 * FindingsRepository.asOf's scopes, staleness window and statuses). Either way only the failing
 * findings a mute in force may silence are listed (silenceable), matched one by one and taken off
 * the counts. Control status follows src/report/model.ts (buildReport) rule for
 * rule, so each framework's summary equals `stance report`'s (with `--as-of`):
 *   a rule's unmuted failure in an observed scope fails the control; else an error finding, a
 *   finding in a scope that is not observed, a rule missing from the bundle, a resource type no
 *   scope collected, a node without its node check or a covering scope not observed make it `error`;
 *   else any evaluation passes it; else it is not applicable (manual when it has no rules).
 * Node checks of nodes their cluster's listing does not have are left out, as the report does.
 */
import type { Framework } from '../frameworks/load.js';
import { NODE_FILES_KIND, NODE_FILES_TYPE } from '../model/scopes.js';
import { scopeCoversType } from '../report/model.js';
import { nodeCoverage, type NodeCoverage } from '../report/node-coverage.js';
import { scopesAt, type AsOfResult, type FailingOf, type ScopedFailure, type Store } from '../store/index.js';
import { IGNORE_ANNOTATION, SEVERITIES, type RuleMeta, type Severity } from '../types.js';
import { frameworks, policyBundle } from './catalog.js';
import type { StanceConfig } from './config.js';
import { mutesInForce, type MuteSet } from './mutes.js';
import { resourceOfTagKey } from '../mutes/match.js';

export interface FrameworkPosture {
  id: string;
  title: string;
  score: number;
  passed: number;
  failed: number;
  errored: number;
  manual: number;
  notApplicable: number;
}

export interface Posture {
  frameworks: FrameworkPosture[];
  /** Unmuted failing findings by severity (as `stance findings --status fail`, less the muted ones). */
  failingBySeverity: Record<Severity, number>;
}

const noneBySeverity = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;

interface RuleState {
  evaluated: number;
  failing: number;
  errored: boolean;
}

/** The tally of a rule in `byRule`, added at zero if it has none yet. */
function tallyOf(byRule: Map<string, RuleState>, ruleId: string): RuleState {
  let s = byRule.get(ruleId);
  if (!s) byRule.set(ruleId, (s = { evaluated: 0, failing: 0, errored: false }));
  return s;
}

/** Every framework's current summary (as `stance report`'s) and the unmuted failing findings. */
export async function currentPosture(
  store: Store,
  config: StanceConfig | undefined,
  now: Date,
): Promise<Posture> {
  const policies = config?.policies;
  const rules = policyBundle({ policies }).manifest.rules;
  // failures are counted; only those a mute may silence are listed, to be matched one by one
  const mutes = await mutesInForce(store, { at: now, config });
  const [all, states, counts, failures] = await Promise.all([
    frameworks({ policies }),
    store.scans.scopeStates(now),
    store.console.ruleCounts(),
    store.console.failing(silenceable(mutes)),
  ]);
  // the scopes of the report's state "now": every scope with a run; observed if its last run succeeded
  const scopes = scopesAt(states, new Map(states.map((s) => [s.scopeId, s.lastRunStatus === 'ok'])));
  const coverage = await nodeCoverage(store, now, scopes);
  const observed = new Set(scopes.filter((s) => s.observed).map((s) => s.key));
  // node checks that do not count, and findings whose scope is not observed (they count as errors)
  const excluded = new Set(
    scopes.filter((s) => !coverage.counts(s.account, s.key) && isNodeFilesScope(s.service)).map((s) => s.key),
  );
  const unobservedKeys = new Set(states.filter((s) => !observed.has(s.key)).map((s) => s.key));
  const special = [...new Set([...excluded, ...unobservedKeys])];

  const byRule = new Map<string, RuleState>();
  const state = (ruleId: string) => tallyOf(byRule, ruleId);
  const failingBySeverity = noneBySeverity();
  const errorsByRule = new Map<string, number>();
  for (const c of counts) {
    const s = state(c.ruleId);
    s.evaluated += c.pass + c.fail + c.error;
    s.failing += c.fail;
    failingBySeverity[c.severity] += c.fail;
    errorsByRule.set(c.ruleId, c.error);
  }
  // failures of a scope not observed or of node checks left out fail no control (they still show as failing)
  for (const c of await store.console.ruleCounts(special)) {
    const s = state(c.ruleId);
    const n = c.pass + c.fail + c.error;
    s.failing -= c.fail;
    if (excluded.has(c.scopeKey!)) {
      s.evaluated -= n;
      errorsByRule.set(c.ruleId, (errorsByRule.get(c.ruleId) ?? 0) - c.error);
    } else if (n > 0) s.errored = true;
  }
  for (const [ruleId, n] of errorsByRule) if (n > 0) state(ruleId).errored = true;
  takeOffMuted(failures, mutes, failingBySeverity, (f) =>
    !excluded.has(f.scopeKey) && observed.has(f.scopeKey) ? state(f.ruleId) : undefined,
  );

  return { frameworks: judge({ frameworks: all, rules, scopes, coverage, byRule }), failingBySeverity };
}

/**
 * Every framework's summary as of a past instant (as `stance report --as-of`'s) and, by severity,
 * the findings failing then that no mute in force then silences (as `stance findings --as-of`).
 */
export async function postureAsOf(
  store: Store,
  config: StanceConfig | undefined,
  at: Date,
  opts: { staleAfterMs?: number } = {},
): Promise<Posture> {
  const policies = config?.policies;
  const rules = policyBundle({ policies }).manifest.rules;
  // failures are counted; only those a mute may silence are listed, to be matched one by one
  const mutes = await mutesInForce(store, { at, config });
  const [all, state] = await Promise.all([
    frameworks({ policies }),
    store.console.postureAt(at, {
      ...opts,
      // node checks are counted per scope: one whose node the listing did not have then does not count
      apart: (s) => isNodeFilesScope(s.service),
      failingOf: silenceable(mutes),
    }),
  ]);
  const coverage = await nodeCoverage(store, at, state.scopes);
  const excluded = new Set(
    state.scopes
      .filter((s) => !coverage.counts(s.account, s.key) && isNodeFilesScope(s.service))
      .map((s) => s.key),
  );
  const byRule = new Map<string, RuleState>();
  const ruleState = (ruleId: string) => tallyOf(byRule, ruleId);
  const failingBySeverity = noneBySeverity();
  for (const c of [...state.counts, ...state.countsApart]) {
    // failures of an unobserved scope count as errors (fail 0); node checks left out still show as failing
    failingBySeverity[c.severity] += c.fail;
    if (c.scopeKey !== undefined && excluded.has(c.scopeKey)) continue;
    const s = ruleState(c.ruleId);
    s.evaluated += c.pass + c.fail + c.error;
    s.failing += c.fail;
    if (c.error > 0) s.errored = true;
  }
  takeOffMuted(state.failing, mutes, failingBySeverity, (f) =>
    excluded.has(f.scopeKey) ? undefined : ruleState(f.ruleId),
  );
  return {
    frameworks: judge({ frameworks: all, rules, scopes: state.scopes, coverage, byRule }),
    failingBySeverity,
  };
}

/**
 * The failing findings a mute in force may silence: those of the rules the mutes name and of the
 * objects carrying the ignore annotation; every one (undefined) when a mute names every rule (`*`).
 */
function silenceable(mutes: MuteSet): FailingOf | undefined {
  const ruleIds = mutes.matcher.ruleIds;
  if (ruleIds.has('*')) return undefined;
  const annotated = [...(mutes.tags ?? [])]
    .filter(([, tags]) => tags[IGNORE_ANNOTATION] !== undefined)
    .map(([key]) => resourceOfTagKey(key));
  return { ruleIds: [...ruleIds], resourceIds: [...new Set(annotated)] };
}

/**
 * Takes the failures a mute silences off the counts: off failingBySeverity, and off the failing
 * tally of the rule `counted` gives (none when the failure fails no control).
 */
function takeOffMuted(
  failing: readonly ScopedFailure[],
  mutes: MuteSet,
  failingBySeverity: Record<Severity, number>,
  counted: (f: ScopedFailure) => RuleState | undefined,
): void {
  for (const f of failing) {
    if (!mutes.match(f)) continue;
    failingBySeverity[f.severity]--;
    const s = counted(f);
    if (s) s.failing--;
  }
}

/** Each framework's summary from its rules' tallies, with the report's rules for `error`. */
function judge(p: {
  frameworks: Framework[];
  rules: readonly RuleMeta[];
  scopes: readonly AsOfResult['scopes'][number][];
  coverage: NodeCoverage;
  byRule: ReadonlyMap<string, RuleState>;
}): FrameworkPosture[] {
  const { scopes, coverage, byRule } = p;
  const ruleById = new Map(p.rules.map((r) => [r.id, r]));
  const ruleErrors = (ruleId: string): boolean => {
    const rule = ruleById.get(ruleId);
    if (!rule) return true;
    if (byRule.get(ruleId)?.errored) return true;
    const covering = scopes.filter((s) =>
      rule.resourceTypes.some(
        (type) => scopeCoversType(s, type) && (type !== NODE_FILES_TYPE || coverage.counts(s.account, s.key)),
      ),
    );
    if (covering.length === 0) return true;
    if (rule.resourceTypes.includes(NODE_FILES_TYPE) && coverage.missing.length > 0) return true;
    return covering.some((s) => !s.observed);
  };
  const errorMemo = new Map<string, boolean>();
  const errs = (ruleId: string) => {
    let e = errorMemo.get(ruleId);
    if (e === undefined) errorMemo.set(ruleId, (e = ruleErrors(ruleId)));
    return e;
  };
  // the report does not look at the findings of a rule missing from the bundle (it is an error)
  const known = (ruleId: string) => (ruleById.has(ruleId) ? byRule.get(ruleId) : undefined);
  return p.frameworks.map((f) => summarize(f, known, errs));
}

const isNodeFilesScope = (service: string) => service.startsWith(`${NODE_FILES_KIND}/`);

function summarize(
  framework: Framework,
  tally: (ruleId: string) => RuleState | undefined,
  errs: (ruleId: string) => boolean,
): FrameworkPosture {
  const summary = { pass: 0, fail: 0, manual: 0, not_applicable: 0, error: 0 };
  for (const control of framework.controls) {
    if (control.rules.length === 0) {
      summary.manual++;
      continue;
    }
    let failing = false;
    let errored = false;
    let evaluated = 0;
    for (const ruleId of control.rules) {
      const s = tally(ruleId);
      if (s && s.failing > 0) failing = true;
      if (s) evaluated += s.evaluated;
      if (errs(ruleId)) errored = true;
    }
    summary[failing ? 'fail' : errored ? 'error' : evaluated > 0 ? 'pass' : 'not_applicable']++;
  }
  const decided = summary.pass + summary.fail + summary.error;
  return {
    id: framework.id,
    title: framework.name,
    score: decided === 0 ? 0 : Math.round((1000 * 100 * summary.pass) / decided) / 1000,
    passed: summary.pass,
    failed: summary.fail,
    errored: summary.error,
    manual: summary.manual,
    notApplicable: summary.not_applicable,
  };
}
