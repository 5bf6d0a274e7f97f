/** Tuning detection: backtest a pack over past events (`stance detect replay`) and signal counts per rule (`stance detect stats`). */
import type { ReplayRow } from '../detect/replay.js';
import type { DetectionRule } from '../detect/sigma.js';
import { InputError } from '../errors.js';
import type { SignalDayCount, Store } from '../store/index.js';
import { loadPack } from './detect.js';

export type { ReplayRow } from '../detect/replay.js';
export type { SignalDayCount } from '../store/index.js';

export interface ReplayOptions {
  /** Files (paths, directories) or a trail's S3 bucket; every object of the window is read. */
  source: { files: string[] } | { s3: string; regions?: string[]; lookbackMs?: number };
  /** Events before this instant, and at or after `until`, are not replayed. */
  since?: Date;
  until?: Date;
  /** The pack to try (default: the bundled pack). */
  rulesDirs?: string[];
  /** The pack to compare with (default: the bundled pack). */
  currentDirs?: string[];
  /** Only these rules (and the rules their correlations read). */
  ruleIds?: string[];
  intel?: string[];
  latenessMs?: number;
  clockSkewMs?: number;
  onProblem?: (line: string) => void;
  /** Rule warnings and rules or rule files skipped, one line each. */
  onWarning?: (line: string) => void;
  /** Where events are parsed and evaluated (as DetectOptions.thread; default `auto`). */
  thread?: 'auto' | 'worker' | 'inline';
}

export interface ReplayReport {
  events: number;
  replayed: number;
  beforeSince: number;
  afterUntil: number;
  skipped: number;
  filesWithProblems: number;
  rulesSkipped: number;
  rules: { replayed: number; current: number };
  signals: { wouldRaise: number; current: number };
  rows: ReplayRow[];
  /** 3 (partial) when records, files or rules were skipped as bad input; 0 otherwise. */
  exitCode: 0 | 3;
}

/** The named rules with every rule their correlations read; all rules when none are named. */
async function only(
  rules: DetectionRule[],
  ids: string[] | undefined,
  pack: string,
  required: boolean,
): Promise<DetectionRule[]> {
  if (!ids?.length) return rules;
  const { closure } = await import('../detect/rule-tests.js');
  const byId = new Map(rules.map((r) => [r.id, r]));
  const out = new Map<string, DetectionRule>();
  for (const id of ids) {
    const rule = byId.get(id);
    if (!rule) {
      if (required) throw new InputError(`--rule ${id}: no such rule in the ${pack} pack`);
      continue;
    }
    for (const r of closure(rule, byId))
      if (!out.has(r.id) || r.id === id) out.set(r.id, r.id === id ? rule : r);
  }
  return [...out.values()];
}

/**
 * Runs a pack (or some of its rules) and the current pack over the same past events, each with
 * scratch state: nothing is read from or written to any database. Counts per rule and UTC day.
 */
export async function replayDetection(opts: ReplayOptions): Promise<ReplayReport> {
  const { IntelLists } = await import('../detect/intel.js');
  const intel = IntelLists.load(opts.intel ?? []);
  const candidatePack = await loadPack(opts.rulesDirs, intel, opts.onWarning);
  const currentPack = await loadPack(opts.currentDirs, intel, opts.onWarning);
  const candidate = await only(candidatePack.rules, opts.ruleIds, 'replayed', true);
  const current = await only(currentPack.rules, opts.ruleIds, 'current', false);
  if ('files' in opts.source && !opts.source.files.length)
    throw new InputError('--files: give at least one path');
  const source =
    's3' in opts.source
      ? new (await import('../detect/s3-source.js')).S3Source(opts.source.s3, {
          since: opts.since,
          lookbackMs: opts.source.lookbackMs,
          regions: opts.source.regions,
        })
      : new (await import('../detect/sources.js')).FileSource(opts.source.files);
  try {
    const { replayPacks } = await import('../detect/replay.js');
    const result = await replayPacks(
      [source],
      { candidate, current },
      {
        since: opts.since,
        until: opts.until,
        latenessMs: opts.latenessMs,
        clockSkewMs: opts.clockSkewMs,
        onProblem: opts.onProblem,
        thread: opts.thread,
      },
    );
    const wanted = opts.ruleIds?.length ? new Set(opts.ruleIds) : undefined;
    const rows = wanted ? result.rows.filter((r) => wanted.has(r.ruleId)) : result.rows;
    const rulesSkipped = candidatePack.skipped + currentPack.skipped;
    const partial = result.skipped || rulesSkipped || candidatePack.unreadable || currentPack.unreadable;
    const total = (pick: (r: ReplayRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
    return {
      events: result.events,
      replayed: result.replayed,
      beforeSince: result.beforeSince,
      afterUntil: result.afterUntil,
      skipped: result.skipped,
      filesWithProblems: result.filesWithProblems,
      rulesSkipped,
      rules: { replayed: candidate.length, current: current.length },
      signals: {
        wouldRaise: total((r) => r.candidate.signals),
        current: total((r) => r.current.signals),
      },
      rows,
      exitCode: partial ? 3 : 0,
    };
  } finally {
    (source as { close?(): void }).close?.();
  }
}

export interface RuleTotal {
  ruleId: string;
  signals: number;
  events: number;
  falsePositives: number;
  days: number;
  busiestDay: string;
  busiest: number;
}

/** Per rule: signals, events, false positives, days with a signal and the busiest day; noisiest first. */
export function ruleTotals(rows: SignalDayCount[]): RuleTotal[] {
  const totals = new Map<string, RuleTotal>();
  for (const r of rows) {
    let t = totals.get(r.ruleId);
    if (!t)
      totals.set(
        r.ruleId,
        (t = {
          ruleId: r.ruleId,
          signals: 0,
          events: 0,
          falsePositives: 0,
          days: 0,
          busiestDay: '',
          busiest: 0,
        }),
      );
    t.signals += r.signals;
    t.events += r.events;
    t.falsePositives += r.falsePositives;
    t.days++;
    if (r.signals > t.busiest) {
      t.busiest = r.signals;
      t.busiestDay = r.day;
    }
  }
  return [...totals.values()].sort((a, b) => b.signals - a.signals || (a.ruleId < b.ruleId ? -1 : 1));
}

/** Signals per rule (noisiest first) and per rule and UTC day of first sighting. */
export async function detectionStats(
  store: Store,
  f: { since?: Date; until?: Date; ruleId?: string } = {},
): Promise<{ rules: RuleTotal[]; days: SignalDayCount[] }> {
  if (store.outdated) return { rules: [], days: [] }; // a read-only database from before signal triage
  const days = await store.signals.dailyCounts(f);
  return { rules: ruleTotals(days), days };
}
