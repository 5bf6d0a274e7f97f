import { afterEach, describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/collect/snapshot.js';
import { loadBundle, type LoadedBundle } from '../../src/policy/bundle.js';
import { createEngine, type PolicyEngine } from '../../src/policy/engine.js';
import { clockTypes } from '../../src/scan/input-digest.js';
import { runScan, type ScanOutcome } from '../../src/scan/pipeline.js';
import type { Store } from '../../src/store/index.js';
import type { ScansRepository } from '../../src/store/store.js';
import type { Collection } from '../../src/types.js';
import { generateSnapshot } from '../helpers/inventory.js';
import { backends } from '../store/helpers.js';

// Issue 14 item 2: a scope whose input (its enriched resources, their rule context, the bundle)
// is the same as the one its stored state came from is recorded without evaluating it, and the
// store ends up exactly as if it had been evaluated.

const bundle = loadBundle();

/** The engine, counting the resources it is given. */
async function countingEngine(): Promise<
  PolicyEngine & { evaluated: string[]; verdicts: { count: number } }
> {
  const engine = await createEngine({ bundle, threads: 1 });
  const evaluated: string[] = [];
  const verdicts = { count: 0 };
  return {
    evaluated,
    verdicts,
    evaluate: async (items) => {
      evaluated.push(...items.map((i) => i.resource.id));
      const out = await engine.evaluate(items);
      verdicts.count += out.length;
      return out;
    },
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
}

const open: Store[] = [];
const engines: PolicyEngine[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  for (const e of engines.splice(0)) await e.close();
});

/** A scan at a fixed instant (the same on both stores, so their history is comparable). */
async function scanAt(
  store: Store,
  engine: PolicyEngine,
  collection: Collection,
  minute: number,
  opts: { reuseUnchanged?: boolean; bundle?: LoadedBundle } = {},
): Promise<ScanOutcome> {
  const at = new Date(Date.UTC(2026, 10, 1) + minute * 60_000);
  return runScan({
    store,
    bundle: opts.bundle ?? bundle,
    engine,
    collection,
    command: 'test',
    clock: () => at,
    reuseUnchanged: opts.reuseUnchanged,
  });
}

/** Everything a reader sees: current findings, every resource's definitions with their history. */
async function state(store: Store) {
  const findings = await store.findings.current();
  const resources = await store.resources.list({ includeDeleted: true });
  const details = [];
  for (const r of resources) details.push(await store.resources.definitions(r.resourceId));
  return { findings, resources, details, scopes: await store.scans.scopeStates() };
}

const comparable = (o: ScanOutcome) => ({
  status: o.status,
  counts: o.counts,
  uncoveredTypes: o.uncoveredTypes,
  scopes: o.scopes.map((s) => ({ ...s, transitions: s.transitions.length })),
  transitions: o.scopes.flatMap((s) => s.transitions),
});

function inventory(): Collection {
  return parseSnapshot(JSON.stringify(generateSnapshot({ resources: 400, seed: 5, mix: true })), 'gen.json');
}

/** The same inventory, a minute later, with 1% of its resources changed (as bench/scale.mjs). */
function changedOnePercent(collection: Collection): Collection {
  const text = JSON.parse(JSON.stringify({ version: 1, ...snapshotShape(collection) }));
  text.collectedAt = new Date(collection.collectedAt.getTime() + 60_000).toISOString();
  text.resources.forEach((r: { tags: object; config: object }, i: number) => {
    if (i % 100 !== 7) return;
    r.tags = { ...r.tags, 'bench-revision': '1' };
    r.config = { ...r.config, BenchRevision: 1 };
  });
  return parseSnapshot(JSON.stringify(text), 'changed.json');
}

function snapshotShape(c: Collection) {
  return {
    collectedAt: c.collectedAt.toISOString(),
    scopes: c.scopes.map((s) => ({
      provider: s.scope.provider,
      account: s.scope.account,
      region: s.scope.region,
      service: s.scope.service,
      status: s.status,
      ...(s.error ? { error: s.error } : {}),
    })),
    resources: c.scopes.flatMap((s) => s.resources),
    ...(c.clusters ? { clusters: c.clusters } : {}),
  };
}

/**
 * The store, watching what a scan reads of the stored verdicts (reusableEvaluations) and what it
 * hands over to be recorded (the evaluations of each successful scope run).
 */
function watchingReuse(store: Store) {
  const seen = { verdictsRead: 0, verdictsHanded: 0, runs: 0, runsKeeping: 0 };
  const watch = (scans: ScansRepository): ScansRepository =>
    new Proxy(scans, {
      get(target, name) {
        if (name === 'reusableEvaluations')
          return async (...args: Parameters<ScansRepository['reusableEvaluations']>) => {
            const found = await target.reusableEvaluations(...args);
            seen.verdictsRead += found.evaluations.length;
            return found;
          };
        if (name === 'recordScopeRun')
          return async (...args: Parameters<ScansRepository['recordScopeRun']>) => {
            const run = args[2];
            if (run.status === 'ok') {
              seen.runs++;
              seen.verdictsHanded += run.evaluations.length;
              if (run.input?.kept?.size) seen.runsKeeping++;
            }
            return target.recordScopeRun(...args);
          };
        const value: unknown = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const watched = new Proxy(store, {
    get(target, name) {
      if (name === 'scans') return watch(target.scans);
      if (name === 'transaction')
        return <T>(fn: Parameters<Store['transaction']>[0]) =>
          target.transaction((tx) =>
            fn(new Proxy(tx, { get: (t, n) => (n === 'scans' ? watch(t.scans) : Reflect.get(t, n)) })),
          ) as Promise<T>;
      const value: unknown = Reflect.get(target, name);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: watched, seen };
}

describe.each(backends)('rescans that cost what changed ($name)', (backend) => {
  it('a changed rescan reads no stored verdict of its unchanged resources and hands the store only what it evaluated', async () => {
    const inner = await backend.open();
    open.push(inner);
    const engine = await countingEngine();
    engines.push(engine);
    const first = inventory();
    const firstScan = await scanAt(inner, engine, first, 0);
    const total = firstScan.counts.pass + firstScan.counts.fail + firstScan.counts.error;
    const { store, seen } = watchingReuse(inner);
    const verdictsBefore = engine.verdicts.count;
    const outcome = await scanAt(store, engine, changedOnePercent(first), 10);
    expect(outcome.status).toBe('ok');
    expect(outcome.counts).toEqual(firstScan.counts);
    // several changed scopes kept most of their resources as stored, without reading their verdicts
    expect(seen.verdictsRead).toBe(0);
    expect(seen.runsKeeping).toBeGreaterThan(1);
    // the store was handed the verdicts of what was evaluated (and of what could not be), no more
    const evaluatedNow = engine.verdicts.count - verdictsBefore;
    expect(seen.verdictsHanded).toBeLessThanOrEqual(evaluatedNow + firstScan.counts.error);
    expect(seen.verdictsHanded).toBeLessThan(total * 0.3);
  }, 300_000);

  it('a resource taken as unchanged that another run changed meanwhile is evaluated when the store refuses to keep it', async () => {
    const fast = await backend.open();
    const full = await backend.open();
    open.push(fast, full);
    const engine = await countingEngine();
    const reference = await countingEngine();
    engines.push(engine, reference);
    const first = inventory();
    await scanAt(fast, engine, first, 0);
    await scanAt(full, reference, first, 0, { reuseUnchanged: false });
    // every listed resource looks unchanged when the scan asks, as if the changed ones were
    // changed by another run between that question and the recording
    const bound = (target: object, value: unknown) =>
      typeof value === 'function' ? value.bind(target) : value;
    const racing = new Proxy(fast, {
      get: (store, name) =>
        name === 'scans'
          ? new Proxy(store.scans, {
              get: (scans, method) =>
                method === 'unchangedResources'
                  ? (_scope: string, hashes: ReadonlyMap<string, string>) =>
                      Promise.resolve(new Set(hashes.keys()))
                  : bound(scans, Reflect.get(scans, method)),
            })
          : bound(store, Reflect.get(store, name)),
    });
    const changed = changedOnePercent(first);
    const before = engine.evaluated.length;
    const a = await scanAt(racing, engine, changed, 10);
    const b = await scanAt(full, reference, changed, 10, { reuseUnchanged: false });
    const revised = changed.scopes
      .flatMap((s) => s.resources)
      .filter((r) => (r.config as { BenchRevision?: number }).BenchRevision)
      .map((r) => r.id);
    expect(revised.length).toBeGreaterThan(0);
    expect(engine.evaluated.slice(before)).toEqual(expect.arrayContaining(revised));
    expect(comparable(a)).toEqual(comparable(b));
    expect(await state(fast)).toEqual(await state(full));
  }, 300_000);

  it('a scope whose digest matched but could not be recorded from it (another run changed it meanwhile) is evaluated after all', async () => {
    const fast = await backend.open();
    const full = await backend.open();
    open.push(fast, full);
    const engine = await countingEngine();
    const reference = await countingEngine();
    engines.push(engine, reference);
    const first = inventory();
    const total = first.scopes.reduce((n, s) => n + s.resources.length, 0);
    await scanAt(fast, engine, first, 0);
    await scanAt(full, reference, first, 0, { reuseUnchanged: false });
    // every kept digest matches, and every recording from a digest finds it gone
    const bound = (target: object, value: unknown) =>
      typeof value === 'function' ? value.bind(target) : value;
    const racing = new Proxy(fast, {
      get: (store, name) =>
        name === 'scans'
          ? new Proxy(store.scans, {
              get: (scans, method) =>
                method === 'recordUnchangedScopeRun'
                  ? () => Promise.resolve(undefined)
                  : bound(scans, Reflect.get(scans, method)),
            })
          : bound(store, Reflect.get(store, name)),
    });
    const before = engine.evaluated.length;
    const a = await scanAt(racing, engine, first, 10);
    const b = await scanAt(full, reference, first, 10, { reuseUnchanged: false });
    expect(engine.evaluated.length - before).toBeGreaterThan(total * 0.5);
    expect(comparable(a)).toEqual(comparable(b));
    expect(await state(fast)).toEqual(await state(full));
  }, 300_000);

  it('an unchanged rescan evaluates nothing, a 1% changed one only what changed, with the results of full evaluation', async () => {
    const fast = await backend.open();
    const full = await backend.open();
    open.push(fast, full);
    const engine = await countingEngine();
    const reference = await countingEngine();
    engines.push(engine, reference);
    const first = inventory();
    const total = first.scopes.reduce((n, s) => n + s.resources.length, 0);

    const runs: [Collection, number][] = [
      [first, 0],
      [first, 10],
      [changedOnePercent(first), 20],
      [changedOnePercent(first), 30],
    ];
    const evaluatedPerRun: string[][] = [];
    for (const [collection, minute] of runs) {
      const before = engine.evaluated.length;
      const a = await scanAt(fast, engine, collection, minute);
      const b = await scanAt(full, reference, collection, minute, { reuseUnchanged: false });
      evaluatedPerRun.push(engine.evaluated.slice(before));
      expect(comparable(a)).toEqual(comparable(b));
      expect(await state(fast)).toEqual(await state(full));
    }
    expect(evaluatedPerRun[0]!.length).toBeGreaterThan(total * 0.5);
    expect(evaluatedPerRun[1]).toEqual([]); // the same snapshot again: nothing evaluated
    // 1% changed, a minute later: the changed resources, and those a clock-reading rule applies
    // to, are evaluated (and any whose joined facts changed with them); the rest keep their verdicts
    const clock = clockTypes(bundle.manifest.rules);
    const expected = runs[2]![0].scopes
      .flatMap((s) => s.resources)
      .filter((r) => clock.has(r.type) || (r.config as { BenchRevision?: number }).BenchRevision)
      .map((r) => r.id);
    expect(expected.length).toBeLessThan(total * 0.2);
    expect(evaluatedPerRun[2]).toEqual(expect.arrayContaining(expected));
    expect(evaluatedPerRun[2]!.length).toBeLessThanOrEqual(expected.length + 10);
    expect(evaluatedPerRun[3]).toEqual([]);
  }, 300_000);

  it('a change in one scope that a join carries into another scope re-evaluates that other scope', async () => {
    const store = await backend.open();
    open.push(store);
    const engine = await countingEngine();
    engines.push(engine);
    const bucketArn = 'arn:aws:s3:::logs-bucket';
    const collection = (selectors: unknown[]) =>
      parseSnapshot(
        JSON.stringify({
          version: 1,
          collectedAt: '2026-11-01T00:00:00Z',
          scopes: [
            {
              provider: 'aws',
              account: '111111111111',
              region: 'eu-west-1',
              service: 'cloudtrail',
              status: 'ok',
            },
            { provider: 'aws', account: '111111111111', region: 'global', service: 's3', status: 'ok' },
          ],
          resources: [
            {
              id: 'arn:aws:cloudtrail:eu-west-1:111111111111:region',
              type: 'aws.cloudtrail.region',
              provider: 'aws',
              account: '111111111111',
              region: 'eu-west-1',
              name: 'eu-west-1',
              tags: {},
              config: {
                Trails: [
                  {
                    TrailARN: 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/main',
                    Status: { IsLogging: true },
                    EventSelectors: selectors,
                  },
                ],
              },
            },
            {
              id: bucketArn,
              type: 'aws.s3.bucket',
              provider: 'aws',
              account: '111111111111',
              region: 'eu-west-1',
              name: 'logs-bucket',
              tags: {},
              config: { Name: 'logs-bucket' },
            },
          ],
        }),
        'join.json',
      );
    const readStatus = async () =>
      (await store.findings.current({ ruleId: 'aws-s3-bucket-object-read-logging' }))[0]?.status;

    await scanAt(store, engine, collection([]), 0);
    expect(await readStatus()).toBe('fail');
    await scanAt(store, engine, collection([]), 1);
    expect(engine.evaluated.filter((id) => id === bucketArn)).toHaveLength(1); // unchanged: not again

    // only the trail (in the cloudtrail scope) changes: it now logs the bucket's object reads
    const logged = [
      { ReadWriteType: 'All', DataResources: [{ Type: 'AWS::S3::Object', Values: [`${bucketArn}/`] }] },
    ];
    const outcome = await scanAt(store, engine, collection(logged), 2);
    expect(engine.evaluated.filter((id) => id === bucketArn)).toHaveLength(2);
    expect(await readStatus()).toBe('pass');
    const s3 = outcome.scopes.find((s) => s.key.endsWith('/s3'))!;
    expect(s3.transitions.map((t) => [t.ruleId, t.from, t.to])).toContainEqual([
      'aws-s3-bucket-object-read-logging',
      'fail',
      'pass',
    ]);
  });

  it('a new bundle, an errored scope and a partial listing are never taken as unchanged', async () => {
    const store = await backend.open();
    open.push(store);
    const engine = await countingEngine();
    engines.push(engine);
    const collection = inventory();
    const total = collection.scopes.reduce((n, s) => n + s.resources.length, 0);
    await scanAt(store, engine, collection, 0);
    let before = engine.evaluated.length;

    // another bundle version: everything is evaluated again
    const other: LoadedBundle = { ...bundle, manifest: { ...bundle.manifest, version: 'other-bundle' } };
    await scanAt(store, engine, collection, 1, { bundle: other });
    expect(engine.evaluated.length - before).toBeGreaterThan(total * 0.5);
    before = engine.evaluated.length;
    await scanAt(store, engine, collection, 2, { bundle: other });
    expect(engine.evaluated.length - before).toBe(0);

    // a scope that errors keeps its state; it is recorded as an error, not as unchanged
    const victim = collection.scopes.find((s) => s.resources.length > 0)!;
    const errored: Collection = {
      ...collection,
      scopes: collection.scopes.map((s) =>
        s === victim ? { ...s, status: 'error', error: 'AccessDenied', resources: [] } : s,
      ),
    };
    const erroredRun = await scanAt(store, engine, errored, 3, { bundle: other });
    expect(erroredRun.scopes.find((s) => s.key === victim.scope.key)).toMatchObject({
      status: 'error',
      evaluations: 0,
    });
    // a partial listing of the scope (a delta) changes its state outside a full run: the scope is
    // not taken as unchanged, and the resource the delta wrote (with no input hash) is evaluated
    // again; the resources it left alone keep their verdicts
    const written = victim.resources[0]!;
    const partial: Collection = {
      ...collection,
      scopes: collection.scopes.map((s) =>
        s === victim ? { ...s, status: 'partial', error: 'some pages failed', resources: [written] } : s,
      ),
    };
    before = engine.evaluated.length;
    await scanAt(store, engine, partial, 4, { bundle: other });
    expect(engine.evaluated.slice(before)).toEqual([written.id]); // a delta is always evaluated
    before = engine.evaluated.length;
    const rescan = await scanAt(store, engine, collection, 5, { bundle: other });
    expect(engine.evaluated.slice(before)).toEqual([written.id]);
    expect(rescan.scopes.find((s) => s.key === victim.scope.key)?.evaluations).toBeGreaterThan(0);
  });
});

describe('prepareEvaluation with the stored digests', () => {
  it('keeps only the digest of a scope whose input is unchanged, and all of a changed one', async () => {
    const { prepareEvaluation } = await import('../../src/scan/pipeline.js');
    const collection = inventory();
    const rules = bundle.manifest.rules;
    const options = { bundleVersion: bundle.manifest.version };
    const full = prepareEvaluation(collection, rules, options);
    const listing = collection.scopes.filter((s) => s.status === 'ok' && s.resources.length > 0);
    expect(listing.length).toBeGreaterThan(2);
    const [changed, ...same] = listing;
    // every scope's stored digest but the first's is what this collection hashes to
    const storedDigests = new Map(same.map((s) => [s.scope.key, full.work.get(s)!.inputDigest]));
    storedDigests.set(changed!.scope.key, 'another digest');
    const prepared = prepareEvaluation(collection, rules, { ...options, storedDigests });

    expect([...prepared.unchanged]).toEqual(same);
    for (const s of same) {
      expect(prepared.enriched.has(s)).toBe(false);
      const work = prepared.work.get(s)!;
      expect(work.inputDigest).toBe(full.work.get(s)!.inputDigest);
      expect([work.items.length, work.notEvaluated.length, work.inputHashes.size]).toEqual([0, 0, 0]);
      expect(prepared.listed.get(s)).toBe(s.resources.length);
    }
    // the changed scope is prepared as without the digests, and is all the engine gets
    expect(prepared.work.get(changed!)).toEqual(full.work.get(changed!));
    expect(prepared.enriched.get(changed!)).toEqual(full.enriched.get(changed!));
    expect(prepared.items).toEqual(full.work.get(changed!)!.items);
  });
});
