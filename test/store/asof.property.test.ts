import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvalStatus, Evaluation, Resource } from '../../src/types.js';
import { at, backends, errorRun, okRun, openStore, resource } from './helpers.js';

/**
 * "As of" against an obviously correct model: the state at T of a scope is the listing of its last
 * successful run at or before T, and it counts as observed only when its last run at or before T
 * succeeded within the staleness window; otherwise every finding of the scope reads `error`.
 */
type Listing = Map<string, Map<string, EvalStatus>>;
interface Step {
  minute: number;
  scope: string;
  ok: boolean;
  listing: Listing;
  configs: Map<string, number>;
}

const SCOPES = ['s1', 's2'];
const RULE_IDS = ['r-a', 'r-b'];
const STALE_MS = 2 * 24 * 3600 * 1000;

const stepArb = fc.record({
  advance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 4 * 1440 })),
  scope: fc.constantFrom(...SCOPES),
  ok: fc.boolean().map((b) => b || Math.random() < 0.6),
  resources: fc.array(
    fc.record({
      present: fc.boolean(),
      config: fc.integer({ min: 1, max: 2 }),
      rules: fc.array(fc.constantFrom<EvalStatus | null>('pass', 'fail', 'error', null), {
        minLength: 2,
        maxLength: 2,
      }),
    }),
    { minLength: 4, maxLength: 4 },
  ),
});

function model(steps: Step[], t: number) {
  const out: string[] = [];
  for (const scope of SCOPES) {
    const before = steps.filter((s) => s.scope === scope && at(s.minute).getTime() <= t);
    const last = before.at(-1);
    const lastOk = before.filter((s) => s.ok).at(-1);
    if (!lastOk) continue;
    const observed = last!.ok && t - at(last!.minute).getTime() <= STALE_MS;
    for (const [resourceId, rules] of lastOk.listing) {
      for (const [ruleId, status] of rules)
        out.push(`${resourceId} ${ruleId} ${observed ? status : 'error'}`);
    }
  }
  return out.sort();
}

describe.each(backends)('as-of property ($name)', (backend) => {
  it('matches the reference model at random times and at every interval edge', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(stepArb, { minLength: 1, maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 60 * 1440 }), { maxLength: 10 }),
        async (raw, extraTimes) => {
          const store = await openStore(backend);
          const steps: Step[] = [];
          let minute = 0;
          for (const r of raw) {
            minute += r.advance;
            const listing: Listing = new Map();
            const configs = new Map<string, number>();
            const resources: Resource[] = [];
            const evaluations: Evaluation[] = [];
            r.resources.forEach((spec, i) => {
              if (!spec.present) return;
              const id = `${r.scope}-res${i}`;
              const rules = new Map<string, EvalStatus>();
              spec.rules.forEach((status, j) => {
                if (status === null) return;
                rules.set(RULE_IDS[j]!, status);
                evaluations.push({ resourceId: id, ruleId: RULE_IDS[j]!, status, message: status });
              });
              listing.set(id, rules);
              configs.set(id, spec.config);
              resources.push(resource(id, r.scope, { c: spec.config }));
            });
            if (r.ok) await okRun(store, minute, r.scope, resources, evaluations);
            else await errorRun(store, minute, r.scope);
            steps.push({ minute, scope: r.scope, ok: r.ok, listing, configs });
          }
          expect(await store.checkInvariants()).toEqual([]);
          const times = new Set<number>(extraTimes.map((m) => at(m).getTime()));
          for (const s of steps) {
            const t = at(s.minute).getTime();
            for (const d of [-1, 0, 1, STALE_MS, STALE_MS + 1]) times.add(t + d);
          }
          for (const t of times) {
            const actual = (await store.findings.asOf(new Date(t), { staleAfterMs: STALE_MS })).findings
              .map((f) => `${f.resourceId} ${f.ruleId} ${f.status}`)
              .sort();
            expect(actual, `as of ${new Date(t).toISOString()}`).toEqual(model(steps, t));
          }
          // configuration as it was: the last successful listing's config at each step time
          for (const s of steps.filter((x) => x.ok)) {
            const later = steps.filter((x) => x.ok && x.scope === s.scope && x.minute === s.minute);
            if (later.at(-1) !== s) continue;
            for (const [id, config] of s.configs)
              expect(await store.resources.configAt(id, at(s.minute))).toEqual({ c: config });
          }
          await store.close();
        },
      ),
      // each run opens a fresh store: a schema created and migrated on PostgreSQL, so fewer runs there
      { numRuns: backend.name === 'postgres' ? 25 : 150 },
    );
  });
});
