import { describe, expect, it } from 'vitest';
import { assembleAsOf, type IntervalAt } from '../../src/store/core/as-of.js';
import type { ScopeState } from '../../src/store/model.js';

// "As of" sorts its findings by resource id, then rule id, in code-unit order (as `<` compares
// strings), ties in the order the backend loaded them; the numeric-rank sort (issue 14: an "as of"
// of 100k findings) must give exactly that order.
describe('as of: the order of findings', () => {
  const state: ScopeState = {
    scopeId: 1,
    key: 'aws/1/r/ec2',
    provider: 'aws',
    account: '1',
    region: 'r',
    service: 'ec2',
    lastRunStatus: 'ok',
    lastRunAt: new Date(1_000).toISOString(),
    lastRunScan: 7,
    lastError: null,
    lastOkAt: new Date(1_000).toISOString(),
    lastOkScan: 7,
  };
  const interval = (resourceId: string, ruleId: string, message: string, since = 500): IntervalAt => ({
    resourceId,
    resourceType: 't',
    ruleId,
    severity: 'low',
    status: 'pass',
    message,
    since,
    account: '1',
    region: 'r',
    scope: 1,
    openedScan: 7,
    bundleVersion: 'b',
    sourceFile: null,
    sourceLine: null,
  });

  it('code-unit order of resource then rule, ties kept in load order, instants formatted', () => {
    // upper before lower case, a surrogate pair (U+1F600) before U+FF5E in code units, prefixes first
    const ids = ['b', 'B', 'a', 'ab', '\u{1F600}', '\uFF5E', 'a-1', 'A', ''];
    const rules = ['r2', 'R1', 'r10', 'r1'];
    const intervals: IntervalAt[] = [];
    let n = 0;
    for (const rule of [...rules].reverse())
      for (const id of [...ids].reverse()) intervals.push(interval(id, rule, `m${n++}`, 500 + (n % 3)));
    // two definitions of one resource under one rule: a tie, kept in load order
    intervals.push(interval('a', 'r1', 'tie-first'), interval('a', 'r1', 'tie-second'));
    const result = assembleAsOf({
      at: new Date(2_000),
      states: [state],
      observed: new Map([[1, true]]),
      intervals,
      evidence: new Map([[7, [state.key]]]),
      scans: new Map([[7, { id: 7, startedAt: 900, finishedAt: 1_000, bundleVersion: 'b' }]]),
    });
    const lt = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = intervals
      .map((r, i) => ({ r, i }))
      .sort((x, y) => lt(x.r.resourceId, y.r.resourceId) || lt(x.r.ruleId, y.r.ruleId) || x.i - y.i)
      .map(({ r }) => [r.resourceId, r.ruleId, r.message, new Date(r.since).toISOString()]);
    expect(result.findings.map((f) => [f.resourceId, f.ruleId, f.message, f.since])).toEqual(expected);
    const ties = result.findings.filter((f) => f.message.startsWith('tie-')).map((f) => f.message);
    expect(ties).toEqual(['tie-first', 'tie-second']);
  });
});
