/**
 * A score per framework for a set of findings (a scan's): the share of its controls that pass,
 * among the controls those findings decide. Control status follows DESIGN.md: an unmuted failing
 * finding fails the control; else an error leaves it `error` (never a pass); else it passes (muted
 * failures count as pass). Controls with no finding here were not evaluated and do not count, and
 * a framework none of whose controls was evaluated is left out: it is not relevant to the scan.
 */
import type { Framework } from '../frameworks/load.js';
import type { EvalStatus } from '../types.js';

export interface ScoredFinding {
  ruleId: string;
  status: EvalStatus;
  muted: boolean;
}

export interface FrameworkScore {
  framework: string;
  name: string;
  passed: number;
  failed: number;
  errored: number;
  /** Controls with at least one finding: passed + failed + errored. */
  evaluated: number;
  /** passed / evaluated as a whole percentage, rounded down (so 100 means every one passes). */
  score: number;
}

export function frameworkScores(
  frameworks: readonly Framework[],
  findings: readonly ScoredFinding[],
): FrameworkScore[] {
  const byRule = new Map<string, ScoredFinding[]>();
  for (const f of findings) {
    const list = byRule.get(f.ruleId);
    if (list) list.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  const scores: FrameworkScore[] = [];
  for (const framework of frameworks) {
    let passed = 0;
    let failed = 0;
    let errored = 0;
    for (const control of framework.controls) {
      const decided = control.rules.flatMap((id) => byRule.get(id) ?? []);
      if (decided.length === 0) continue;
      if (decided.some((f) => f.status === 'fail' && !f.muted)) failed++;
      else if (decided.some((f) => f.status === 'error')) errored++;
      else passed++;
    }
    const evaluated = passed + failed + errored;
    if (evaluated === 0) continue;
    scores.push({
      framework: framework.id,
      name: framework.name,
      passed,
      failed,
      errored,
      evaluated,
      score: Math.floor((100 * passed) / evaluated),
    });
  }
  return scores.sort((a, b) => a.framework.localeCompare(b.framework));
}
