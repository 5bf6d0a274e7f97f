import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/collect/snapshot.js';
import { enrich } from '../../src/enrich/index.js';
import { loadBundle } from '../../src/policy/bundle.js';
import { createEngine, type EvalItem } from '../../src/policy/engine.js';
import { GroupWindow } from '../../src/policy/group-window.js';
import { generateSnapshot } from '../helpers/inventory.js';

function items(n: number): EvalItem[] {
  // as the scan pipeline hands them to the engine: read, then enriched
  const collection = enrich(
    parseSnapshot(JSON.stringify(generateSnapshot({ resources: n, seed: 42, mix: true })), 'generated.json'),
  );
  return collection.scopes.flatMap((s) =>
    s.resources.map((resource) => ({
      resource,
      context: {
        now_ns: collection.collectedAt.getTime() * 1e6,
        provider: resource.provider,
        account: resource.account,
        region: resource.region,
      },
    })),
  );
}

describe('policy engine', () => {
  it('1 thread and 4 worker threads over 10k resources give identical results, and workers really ran', async () => {
    const bundle = loadBundle();
    const inventory = items(10_500);
    expect(inventory.length).toBeGreaterThanOrEqual(9_500);
    const single = await createEngine({ bundle, threads: 1 });
    const threaded = await createEngine({ bundle, threads: 4, chunkSize: 500 });
    try {
      const a = await single.evaluate(inventory);
      const b = await threaded.evaluate(inventory);
      expect(single.stats().workersStarted).toBe(0);
      expect(threaded.stats().workersStarted).toBe(4);
      expect(b).toEqual(a);
      expect(a.length).toBeGreaterThan(inventory.length); // several rules per resource
      const types = new Set(inventory.map((i) => i.resource.type));
      const applicable = bundle.manifest.rules.filter((r) => r.resourceTypes.some((t) => types.has(t)));
      expect(new Set(a.map((e) => e.ruleId)).size).toBe(applicable.length);
      expect(a.filter((e) => e.status === 'fail').length).toBeGreaterThan(500);
      expect(a.filter((e) => e.status === 'error')).toEqual([]);
    } finally {
      await single.close();
      await threaded.close();
    }
  });

  it('evaluates only applicable rules and nothing for types no rule covers', async () => {
    const engine = await createEngine({ bundle: loadBundle(), threads: 1 });
    const ctx = { now_ns: 0, provider: 'k8s' as const, account: 'c', region: 'ns' };
    const result = await engine.evaluate([
      {
        resource: {
          id: 'k8s://c/ns/ControllerRevision/s',
          type: 'k8s.controllerrevision',
          provider: 'k8s',
          account: 'c',
          region: 'ns',
          name: 's',
          tags: {},
          config: {},
        },
        context: ctx,
      },
      {
        resource: {
          id: 'k8s://c/ns/Pod/p',
          type: 'k8s.pod',
          provider: 'k8s',
          account: 'c',
          region: 'ns',
          name: 'p',
          tags: {},
          config: { kind: 'Pod', spec: { containers: [{ name: 'x' }] } },
        },
        context: ctx,
      },
    ]);
    expect(result.every((e) => e.resourceId === 'k8s://c/ns/Pod/p')).toBe(true);
    expect(result.find((e) => e.ruleId === 'k8s-container-privileged')).toEqual({
      resourceId: 'k8s://c/ns/Pod/p',
      ruleId: 'k8s-container-privileged',
      status: 'pass',
      message: '',
    });
    await engine.close();
  });
});

describe('policy engine: groups (issue 15, scan speed)', () => {
  it('evaluates groups in one set of workers, each settling as soon as it is done, in order, each as evaluate gives it', async () => {
    const bundle = loadBundle();
    const inventory = items(2_400);
    const groups = [0, 1, 2, 3].map((g) => inventory.filter((_, i) => i % 4 === g));
    const single = await createEngine({ bundle, threads: 1 });
    const threaded = await createEngine({ bundle, threads: 2, chunkSize: 100 });
    try {
      const expected = [];
      for (const g of groups) expected.push(await single.evaluate(g));
      const settled: number[] = [];
      const pending = threaded.evaluateGroups!(groups);
      expect(pending).toHaveLength(groups.length);
      pending.forEach((p, i) => void p.then(() => settled.push(i)));
      const first = await pending[0]!;
      // the first group is handed over while the workers still have the others to do
      expect(settled).toEqual([0]);
      expect(first).toEqual(expected[0]);
      const all = await Promise.all(pending);
      expect(settled).toEqual([0, 1, 2, 3]);
      expect(all).toEqual(expected);
      expect(threaded.stats().workersStarted).toBe(2);
      expect(threaded.stats().evaluations).toBe(expected.flat().length);
    } finally {
      await single.close();
      await threaded.close();
    }
  });

  it('a failing evaluation rejects every group not yet settled, and the engine evaluates again afterwards', async () => {
    const bundle = loadBundle();
    const inventory = items(2_400);
    const engine = await createEngine({ bundle, threads: 2, chunkSize: 100 });
    try {
      // an item the worker cannot take (structured clone refuses a function): its chunk fails
      const bad = [{ ...inventory[0]!, context: { ...inventory[0]!.context, x: () => 1 } } as EvalItem];
      const pending = engine.evaluateGroups!([inventory.slice(0, 1200), bad, inventory.slice(1200)]);
      await expect(pending[1]).rejects.toThrow();
      await expect(pending[2]).rejects.toThrow();
      const again = await engine.evaluate(inventory.slice(0, 100));
      expect(again.length).toBeGreaterThan(100);
    } finally {
      await engine.close();
    }
  });
  it('runs no further ahead of its caller than the window admits, and all the way once released', async () => {
    const bundle = loadBundle();
    const inventory = items(2_400);
    // which groups were handed to a worker: posting an item to a worker reads its fields
    const posted = new Set<number>();
    const groups = [0, 1, 2, 3].map((g) =>
      inventory
        .filter((_, i) => i % 4 === g)
        .map((item) => {
          const context = { ...item.context };
          Object.defineProperty(context, 'group', {
            enumerable: true,
            get: () => (posted.add(g), g),
          });
          return { ...item, context };
        }),
    );
    const engine = await createEngine({ bundle, threads: 2, chunkSize: 100 });
    try {
      const window = new GroupWindow(1);
      const pending = engine.evaluateGroups!(groups, window);
      for (const p of pending) p.catch(() => undefined);
      window.take(0);
      await Promise.all(pending.slice(0, 2));
      // group 1 was admitted (one ahead of group 0); group 2 waits until the caller takes group 1
      expect([...posted].sort()).toEqual([0, 1]);
      window.take(1);
      await pending[2];
      expect([...posted].sort()).toEqual([0, 1, 2]);
      window.release();
      const all = await Promise.all(pending);
      expect([...posted].sort()).toEqual([0, 1, 2, 3]);
      expect(all.every((list) => list.length > 0)).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
