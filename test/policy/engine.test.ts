import { describe, expect, it } from 'vitest';
import { parseSnapshot } from '../../src/collect/snapshot.js';
import { enrich } from '../../src/enrich/index.js';
import { loadBundle } from '../../src/policy/bundle.js';
import { createEngine, type EvalItem } from '../../src/policy/engine.js';
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
