import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as stance from '../../src/index.js';

const manifests = join(import.meta.dirname, '..', 'fixtures', 'manifests', 'helm-rendered.yaml');

describe('the public library', () => {
  it('scans manifests into an in-memory store and renders every findings format', async () => {
    const store = await stance.openStore(':memory:');
    try {
      const phases = new Set<string>();
      const result = await stance.scan(
        store,
        { manifests: { paths: [manifests] } },
        { failOn: 'high', onProgress: (e) => phases.add(e.phase) },
      );
      expect(result.outcome.status).toBe('ok');
      expect(result.gateFailures).toBeGreaterThan(0);
      expect(result.exitCode).toBe(stance.EXIT.gateTripped);
      expect(phases).toContain('evaluating policies');

      const failing = await stance.findings(store, { status: 'fail' });
      expect(failing.length).toBeGreaterThan(0);
      expect(failing.every((f) => f.source?.file.endsWith('helm-rendered.yaml'))).toBe(true);
      for (const format of stance.FINDINGS_FORMATS) {
        const text = stance.renderFindings(failing, format);
        expect(text.length, format).toBeGreaterThan(0);
      }
      const sarif = JSON.parse(stance.renderFindings(failing, 'sarif')) as { runs: { results: unknown[] }[] };
      expect(sarif.runs[0]!.results).toHaveLength(failing.length);
    } finally {
      await store.close();
    }
  });

  it('throws typed errors carrying the exit code the CLI would end with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stance-lib-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    const store = await stance.openStore(':memory:');
    try {
      const error = await stance.scan(store, { snapshot: bad }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(stance.InputError);
      expect(error).toBeInstanceOf(stance.StanceError);
      expect(stance.exitCodeOf(error)).toBe(2);
      expect(() => stance.validateMute({ ruleId: 'no-such-rule', reason: 'x', author: 'me' })).toThrow(
        /no such rule/,
      );
    } finally {
      await store.close();
    }
  });

  it('stops a scan when its AbortSignal is aborted, recording nothing half-written', async () => {
    const store = await stance.openStore(':memory:');
    try {
      const controller = new AbortController();
      controller.abort(new Error('stopped by the caller'));
      await expect(
        stance.scan(store, { manifests: { paths: [manifests] } }, { signal: controller.signal }),
      ).rejects.toThrow('stopped by the caller');
      expect(await stance.findings(store)).toEqual([]);
    } finally {
      await store.close();
    }
  });
  it('triages signals and counts them per rule and day through the library', async () => {
    const store = await stance.openStore(':memory:');
    try {
      const samples = join(import.meta.dirname, '..', '..', 'samples', 'cloudtrail');
      const run = await stance.detect(store, { source: { files: [samples] } });
      expect(run.newSignals.length).toBeGreaterThan(5);
      const first = run.newSignals[0]!;
      const changed = await stance.setSignalState(store, first.id, {
        state: stance.parseSignalState('false_positive'),
        by: 'ann',
        note: 'VPN',
      });
      expect(changed.status).toBe('false_positive');
      expect((await stance.signal(store, first.id))!.history).toMatchObject([
        { state: 'false_positive', by: 'ann', note: 'VPN' },
      ]);
      await expect(stance.setSignalState(store, 999_999, { state: 'resolved', by: null })).rejects.toThrow(
        stance.InputError,
      );
      const stats = await stance.detectionStats(store);
      expect(stats.rules.reduce((n, r) => n + r.signals, 0)).toBe(run.newSignals.length);
      expect(stats.rules.find((r) => r.ruleId === first.ruleId)!.falsePositives).toBe(1);
      const id = await stance.addSuppression(store, {
        cidr: '203.0.113.0/24',
        reason: 'red team',
        author: 'bob',
      });
      expect((await stance.suppressions(store)).map((x) => x.id)).toEqual([id]);
      expect(await stance.removeSuppression(store, id, { by: 'bob' })).toBe(true);
      expect(await stance.suppressions(store)).toEqual([]);
      expect((await stance.suppressions(store, { all: true }))[0]).toMatchObject({ id, removedBy: 'bob' });
    } finally {
      await store.close();
    }
  });

  it('evaluates a collection without a store, with the verdicts a scan stores', async () => {
    const collection = (await stance.collect({ manifests: { paths: [manifests] } })).collection;
    const { evaluations, items, workersStarted } = await stance.evaluate(collection, { threads: 1 });
    expect(items.length).toBeGreaterThan(0);
    expect(workersStarted).toBe(0);
    const store = await stance.openStore(':memory:');
    try {
      await stance.scan(store, collection);
      const stored = await stance.findings(store);
      const key = (f: { resourceId: string; ruleId: string; status: string }) =>
        `${f.resourceId} ${f.ruleId} ${f.status}`;
      expect(evaluations.map(key).sort()).toEqual(stored.map(key).sort());
    } finally {
      await store.close();
    }
  });
});
