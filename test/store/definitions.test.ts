import { describe, expect, it } from 'vitest';
import type { Resource } from '../../src/types.js';
import { at, backends, evaluation as ev, okRun, openStore as open, resource, scope } from './helpers.js';

const defined = (file: string, config: unknown, definition?: string): Resource => ({
  ...resource('obj', 'eu', config),
  source: { file, line: 1 },
  ...(definition ? { definition } : {}),
});

describe.each(backends)('store ($name): several definitions of one id (manifest overlays)', (backend) => {
  const openStore = () => open(backend);
  it('keeps each definition apart, with its own findings, and changes nothing on a rescan', async () => {
    const store = await openStore();
    const a = defined('a.yaml', { v: 1 });
    const b = defined('b.yaml', { v: 2 });
    const b2 = defined('b.yaml', { v: 3 }, 'b.yaml#2');
    const evals = [
      { ...ev('obj', 'r-a', 'pass'), definition: 'a.yaml' },
      { ...ev('obj', 'r-a', 'fail'), definition: 'b.yaml' },
      { ...ev('obj', 'r-a', 'fail'), definition: 'b.yaml#2' },
    ];
    await okRun(store, 0, 'eu', [a, b, b2], evals);
    const rows = await store.findings.current({ resourceId: 'obj' });
    expect(rows.map((f) => `${f.sourceFile} ${f.status}`).sort()).toEqual([
      'a.yaml pass',
      'b.yaml fail',
      'b.yaml fail',
    ]);
    expect((await store.resources.definitions('obj')).map((d) => d.resource.sourceFile)).toEqual([
      'a.yaml',
      'b.yaml',
      'b.yaml',
    ]);
    expect((await store.resources.definitions('obj')).map((d) => d.findings.map((f) => f.status))).toEqual([
      ['pass'],
      ['fail'],
      ['fail'],
    ]);
    expect((await okRun(store, 10, 'eu', [a, b, b2], evals)).transitions).toEqual([]);
    expect(await store.checkInvariants()).toEqual([]);
  });

  it('a partial listing that names one definition leaves the others of the same id alone', async () => {
    const store = await openStore();
    const a = defined('a.yaml', { v: 1 });
    const b = defined('b.yaml', { v: 2 });
    await okRun(
      store,
      0,
      'eu',
      [a, b],
      [
        { ...ev('obj', 'r-a', 'pass'), definition: 'a.yaml' },
        { ...ev('obj', 'r-a', 'fail'), definition: 'b.yaml' },
      ],
    );
    const scan = await store.scans.begin({ startedAt: at(5), bundleVersion: 'b1', command: 'test' });
    await store.scans.recordScopeDelta(scan, scope('eu'), {
      startedAt: at(5),
      finishedAt: at(5),
      changed: [defined('a.yaml', { v: 9 })],
      evaluations: [{ ...ev('obj', 'r-a', 'fail'), definition: 'a.yaml' }],
      deleted: [],
    });
    expect((await store.resources.list()).map((r) => `${r.sourceFile} ${r.deletedAt === null}`)).toEqual([
      'a.yaml true',
      'b.yaml true',
    ]);
    expect(await store.checkInvariants()).toEqual([]);
  });

  it('an evaluation without a definition belongs to the only definition of its id', async () => {
    const store = await openStore();
    await okRun(store, 0, 'eu', [defined('a.yaml', { v: 1 })], [ev('obj', 'r-a', 'fail')]);
    expect(await store.findings.current({ resourceId: 'obj' })).toHaveLength(1);
  });
});
