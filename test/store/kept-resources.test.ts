import { describe, expect, it } from 'vitest';
import { KeptResourcesChanged, type Store } from '../../src/store/index.js';
import type { Evaluation, Resource } from '../../src/types.js';
import { at, backends, evaluation as ev, openStore, resource, scope } from './helpers.js';

// Issue 14 item 2: a changed scope's resources whose input is unchanged (ScopeInput.kept) are left
// as stored: the store neither reads nor rewrites their findings, and ends as a full run would.

const id = (resourceId: string) => `${resourceId}\u0000`;
const hashOf = (r: Resource) => `h:${r.id}:${JSON.stringify(r.config)}`;

function listing(n: number, changed: Set<string> = new Set()): Resource[] {
  return Array.from({ length: n }, (_, i) => {
    const name = `r${i}`;
    return resource(name, 'eu', changed.has(name) ? { v: 2 } : { v: 1 });
  });
}

function verdicts(resources: readonly Resource[]): Evaluation[] {
  return resources.flatMap((r) => {
    const v = (r.config as { v: number }).v;
    const n = Number(r.id.slice(1));
    return [
      ev(r.id, 'r-a', (n + v) % 3 === 0 ? 'fail' : 'pass'),
      ...(n % 2 === 0 ? [ev(r.id, 'r-b', v === 2 ? 'error' : 'pass', v === 2 ? 'unreadable' : '')] : []),
    ];
  });
}

async function record(
  store: Store,
  minute: number,
  resources: Resource[],
  evaluations: Evaluation[],
  kept?: ReadonlySet<string>,
) {
  const scan = await store.scans.begin({ startedAt: at(minute), bundleVersion: 'b1', command: 'test' });
  const summary = {
    resources: resources.length,
    evaluations: evaluations.length,
    pass: 0,
    fail: 0,
    error: 0,
  };
  for (const e of evaluations) summary[e.status]++;
  const result = await store.scans.recordScopeRun(scan, scope('eu'), {
    status: 'ok',
    startedAt: at(minute),
    finishedAt: at(minute),
    resources,
    evaluations,
    input: {
      digest: `input-${minute}`,
      summary,
      resources: new Map(resources.map((r) => [id(r.id), hashOf(r)])),
      ...(kept ? { kept } : {}),
    },
  });
  await store.scans.finish(scan, { finishedAt: at(minute), status: 'ok' });
  return { result, summary };
}

const transitions = (r: {
  transitions: { resourceId: string; ruleId: string; from: unknown; to: unknown }[];
}) => r.transitions.map((t) => `${t.resourceId}/${t.ruleId}:${t.from}->${t.to}`).sort();

async function state(store: Store) {
  return {
    findings: await store.findings.current(),
    resources: await store.resources.list({ includeDeleted: true }),
    invariants: await store.checkInvariants(),
  };
}

describe.each(backends)(
  'store ($name): a changed scope keeps its unchanged resources as stored',
  (backend) => {
    it('writes only what changed, without the kept resources findings, and ends as a full run', async () => {
      const fast = await openStore(backend);
      const full = await openStore(backend);
      try {
        const first = listing(40);
        for (const s of [fast, full]) await record(s, 0, first, verdicts(first));

        // r3 and r8 change, r39 is gone, n1 is new; the other 37 keep their stored state
        const next = [...listing(39, new Set(['r3', 'r8'])), resource('n1', 'eu')];
        const evaluated = next.filter((r) => ['r3', 'r8', 'n1'].includes(r.id));
        const kept = new Set(next.filter((r) => !evaluated.includes(r)).map((r) => id(r.id)));
        const a = await record(
          fast,
          10,
          next,
          [...verdicts(evaluated.slice(0, 2)), ev('n1', 'r-a', 'pass')],
          kept,
        );
        const b = await record(full, 10, next, [...verdicts(next.slice(0, 39)), ev('n1', 'r-a', 'pass')]);

        expect(transitions(a.result)).toEqual(transitions(b.result));
        expect(transitions(a.result)).toContain('r39/r-a:pass->null');
        // the store counted the scope as a full run's evaluations count it
        expect(a.result.summary).toEqual(b.summary);
        expect(a.result.resourcesDeleted).toBe(1);
        expect(await state(fast)).toEqual(await state(full));
        // what changed was written; the kept resources cost no row
        expect(a.result.rowsWritten).toBe(b.result.rowsWritten);
        expect(a.result.rowsWritten).toBeLessThan(30);

        // the same input again is recognised from the kept input digest, with the counted summary
        const scan = await fast.scans.begin({ startedAt: at(20), bundleVersion: 'b1', command: 'test' });
        const again = await fast.scans.recordUnchangedScopeRun(scan, scope('eu'), {
          startedAt: at(20),
          finishedAt: at(20),
          inputDigest: 'input-10',
        });
        expect(again?.summary).toEqual(b.summary);
      } finally {
        await fast.close();
        await full.close();
      }
    });

    it('refuses, writing nothing, a kept resource whose stored input hash is not the given one', async () => {
      const store = await openStore(backend);
      try {
        const first = listing(10);
        await record(store, 0, first, verdicts(first));
        const tables = ['scope_runs', 'findings', 'finding_history', 'resources', 'resource_versions'];
        const before = await backend.rowCounts(store, tables);
        const findings = await store.findings.current();
        // r4 changed since its stored hash was read: its listed config (and hash) is v2
        const next = listing(10, new Set(['r4']));
        const kept = new Set(next.map((r) => id(r.id)));
        const refused = await record(store, 10, next, [], kept).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(KeptResourcesChanged);
        expect((refused as KeptResourcesChanged).identities).toEqual([id('r4')]);
        expect((refused as Error).message).toMatch(
          /^scope aws\/1\/eu\/ec2: 1 resource\(s\) given as unchanged/,
        );
        expect(await backend.rowCounts(store, tables)).toEqual(before);
        expect(await store.findings.current()).toEqual(findings);
        // a kept identity that is not listed is refused too
        await expect(record(store, 11, listing(10), [], new Set([...kept, id('nope')]))).rejects.toThrow(
          /a resource given as kept is not listed/,
        );
      } finally {
        await store.close();
      }
    });
  },
);
