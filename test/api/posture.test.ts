import { describe, expect, it } from 'vitest';
import { currentPosture, demo, findings, frameworkReport, frameworks, type Store } from '../../src/index.js';
import type { ScopeRef } from '../../src/types.js';
import { backends } from '../store/helpers.js';
import { bySeverity } from './severity-counts.js';

// The overview's posture from rollups (src/api/posture.ts) must equal, framework by
// framework, the summary of `stance report` (frameworkReport), and its failing findings the
// unmuted failures of `stance findings`: with mutes of several kinds, an error finding and a scope
// whose last run failed (its findings count as errors).

async function estate(store: Store) {
  await demo(store, {});
  const failing = (await findings(store, { status: 'fail' })).filter((f) =>
    f.resourceId.startsWith('arn:aws'),
  );
  expect(failing.length).toBeGreaterThan(3);
  const mute = (p: { ruleId: string; resourcePattern: string | null; region?: string | null }) =>
    store.mutes.add({
      ruleId: p.ruleId,
      resourcePattern: p.resourcePattern,
      account: null,
      region: p.region ?? null,
      tagKey: null,
      tagValue: null,
      reason: 'test',
      author: null,
      createdAt: new Date(Date.now() - 60_000),
      expiresAt: null,
    });
  await mute({ ruleId: failing[0]!.ruleId, resourcePattern: null });
  await mute({ ruleId: '*', resourcePattern: failing.at(-1)!.resourceId });
  // a scope whose last run failed: its findings are not observed now
  const states = await store.scans.scopeStates();
  const k8s = states.find((s) => s.provider === 'k8s' && s.lastRunStatus === 'ok')!;
  const id = await store.scans.begin({ startedAt: new Date(), bundleVersion: 'x', command: 'test' });
  await store.scans.recordScopeRun(
    id,
    {
      key: k8s.key,
      provider: k8s.provider as ScopeRef['provider'],
      account: k8s.account,
      region: k8s.region,
      service: k8s.service,
    },
    { status: 'error', startedAt: new Date(), finishedAt: new Date(), error: 'forbidden' },
  );
  await store.scans.finish(id, { finishedAt: new Date(), status: 'partial' });
}

describe.each(backends)('console posture from rollups ($name)', (backend) => {
  it('equals every framework report summary and the unmuted failures', { timeout: 180_000 }, async () => {
    const store = await backend.open();
    try {
      await estate(store);
      const now = new Date(Date.now() + 1000);
      const posture = await currentPosture(store, undefined, now);
      const ids = (await frameworks()).map((f) => f.id);
      expect(posture.frameworks.map((f) => f.id)).toEqual(ids);
      let decided = 0;
      for (const shown of posture.frameworks) {
        const { summary } = await frameworkReport(store, { framework: shown.id, now });
        expect(shown, shown.id).toMatchObject({
          score: summary.score,
          passed: summary.pass,
          failed: summary.fail,
          errored: summary.error,
          manual: summary.manual,
          notApplicable: summary.not_applicable,
        });
        if (summary.error > 0 && summary.fail > 0) decided++;
      }
      expect(decided).toBeGreaterThan(0);
      const unmuted = (await findings(store, { status: 'fail' })).filter((f) => !f.muted);
      expect(unmuted.length).toBeGreaterThan(0);
      expect(posture.failingBySeverity).toEqual(bySeverity(unmuted));
    } finally {
      await store.close();
    }
  });
});
