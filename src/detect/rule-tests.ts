import { openStore } from '../store/index.js';
import { DetectionEngine } from './engine.js';
import { checkTestRecord, type CloudTrailRecord } from './record.js';
import type { IntelLists } from './intel.js';
import { parseCidr, type CidrRange } from './net.js';
import type { DetectionRule } from './sigma.js';

export interface RuleTestResult {
  ruleId: string;
  file: string;
  test: string;
  ok: boolean;
  /** Why it failed. */
  message?: string;
}

/** The rule and every rule its correlation reads, through chains of correlations (those only feed). */
export function closure(rule: DetectionRule, byId: ReadonlyMap<string, DetectionRule>): DetectionRule[] {
  const out = new Map<string, DetectionRule>([[rule.id, rule]]);
  const stack = [rule];
  while (stack.length) {
    for (const id of stack.pop()!.correlation?.rules ?? []) {
      const base = byId.get(id);
      if (!base || out.has(id)) continue;
      out.set(id, { ...base, generate: false });
      stack.push(base);
    }
  }
  return [...out.values()];
}

export interface RuleTestOptions {
  /**
   * Benign events dated within [fromMs, toMs]: each test's events are mixed into them (in time
   * order), so a match must stand out of ordinary traffic and a near miss must stay quiet in it.
   */
  background?: (fromMs: number, toMs: number) => CloudTrailRecord[];
}

/** How far before the first and after the last test event the background traffic reaches. */
const BACKGROUND_MARGIN_MS = 10 * 60_000;

/** The test's events mixed into background traffic, in time order (test events keep theirs). */
function withBackground(events: CloudTrailRecord[], background: RuleTestOptions['background']) {
  if (!background || events.length === 0) return events;
  const times = events.map((e) => Date.parse(e.eventTime));
  const noise = background(
    Math.min(...times) - BACKGROUND_MARGIN_MS,
    Math.max(...times) + BACKGROUND_MARGIN_MS,
  );
  const out: CloudTrailRecord[] = [];
  let n = 0;
  for (const [i, e] of events.entries()) {
    while (n < noise.length && Date.parse(noise[n]!.eventTime) < times[i]!) out.push(noise[n++]!);
    out.push(e);
  }
  return [...out, ...noise.slice(n)];
}

/**
 * Runs each rule's own test events through a fresh in-memory store: `match` tests must produce a
 * signal of the rule, `no_match` tests none. Every signal-producing rule needs at least one of each.
 * With `background`, each test's events are mixed into benign traffic first.
 */
export async function runRuleTests(
  rules: DetectionRule[],
  intel?: IntelLists,
  opts: RuleTestOptions = {},
): Promise<RuleTestResult[]> {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const results: RuleTestResult[] = [];
  for (const rule of rules) {
    if (!rule.generate && rule.tests.length === 0) continue;
    const base = { ruleId: rule.id, file: rule.file };
    if (!rule.tests.some((t) => t.expect === 'match'))
      results.push({ ...base, test: '(coverage)', ok: false, message: 'no test expecting a match' });
    if (!rule.tests.some((t) => t.expect === 'no_match'))
      results.push({
        ...base,
        test: '(coverage)',
        ok: false,
        message: 'no near-miss test (expect: no_match)',
      });
    for (const test of rule.tests) {
      const invalid = test.events
        .map((e, i) => [i, checkTestRecord(e)] as const)
        .find(([, problem]) => problem);
      if (invalid) {
        results.push({
          ...base,
          test: test.name,
          ok: false,
          message: `event ${invalid[0]}: not a valid CloudTrail record (${invalid[1]})`,
        });
        continue;
      }
      if (test.intel) {
        if (!intel) {
          results.push({
            ...base,
            test: test.name,
            ok: false,
            message: 'test needs intel lists but none can be set',
          });
          continue;
        }
        intel.clear();
        for (const [label, entries] of Object.entries(test.intel)) {
          const ranges = entries.map((e) => parseCidr(String(e)));
          if (ranges.some((r) => !r)) {
            results.push({
              ...base,
              test: test.name,
              ok: false,
              message: `intel ${label}: not an IP or CIDR list`,
            });
            continue;
          }
          intel.add(label, ranges as CidrRange[]);
        }
      }
      const store = await openStore(':memory:');
      try {
        const engine = await DetectionEngine.start(store, closure(rule, byId), { now: () => 0 });
        const events = withBackground(test.events as CloudTrailRecord[], opts.background);
        for (const [i, record] of events.entries()) {
          await engine.process({
            record,
            time: Date.parse(record.eventTime),
            where: { file: rule.file, line: 0, index: i },
          });
        }
        const signals = (await engine.finish()).newSignals.filter((s) => s.ruleId === rule.id);
        // With background traffic, a signal holding none of the test's own events is noise.
        const own = new Set(test.events.map((e) => String((e as CloudTrailRecord).eventID)));
        const noise = opts.background ? signals.filter((s) => !s.eventIds.some((id) => own.has(id))) : [];
        const matched = signals.length - noise.length > 0;
        const ok = matched === (test.expect === 'match') && noise.length === 0;
        results.push({
          ...base,
          test: test.name,
          ok,
          ...(ok
            ? {}
            : {
                message: noise.length
                  ? `${noise.length} signal(s) raised by the background traffic alone`
                  : matched
                    ? `expected no match, got ${signals.length} signal(s)`
                    : 'expected a match, got no signal',
              }),
        });
      } finally {
        await store.close();
        if (test.intel) intel?.clear();
      }
    }
  }
  return results;
}
