import { describe, expect, it } from 'vitest';
import {
  currentPosture,
  demo,
  findings,
  frameworkReport,
  frameworks,
  loadSnapshot,
  scan,
  type Store,
} from '../../src/index.js';
import { demoEnvironmentFile } from '../../src/paths.js';
import { IGNORE_ANNOTATION, type ScopeRef } from '../../src/types.js';
import { backends } from '../store/helpers.js';
import { bySeverity } from './severity-counts.js';

// The overview's posture from rollups (src/api/posture.ts) must equal, framework by
// framework, the summary of `stance report` (frameworkReport), and its failing findings the
// unmuted failures of `stance findings`: with mutes of several kinds, an error finding and a scope
// whose last run failed (its findings count as errors). Many mutes are in force (as on an estate
// where mutes accumulate): of rules, of resources, of a region, of a tag, an annotation and an
// expired one; then a mute of every rule (`*`) as well.

type NewMute = {
  ruleId: string;
  resourcePattern?: string | null;
  region?: string | null;
  tagKey?: string | null;
  tagValue?: string | null;
  expiresAt?: Date | null;
};

const addMute = (store: Store, p: NewMute) =>
  store.mutes.add({
    ruleId: p.ruleId,
    resourcePattern: p.resourcePattern ?? null,
    account: null,
    region: p.region ?? null,
    tagKey: p.tagKey ?? null,
    tagValue: p.tagValue ?? null,
    reason: 'test',
    author: null,
    createdAt: new Date(Date.now() - 60_000),
    expiresAt: p.expiresAt ?? null,
  });

async function estate(store: Store) {
  await demo(store, {});
  const failing = (await findings(store, { status: 'fail' })).filter((f) =>
    f.resourceId.startsWith('arn:aws'),
  );
  expect(failing.length).toBeGreaterThan(3);
  // a failing workload annotated to ignore its rule (a rescan records the annotation)
  const ignored = (await findings(store, { status: 'fail' })).find(
    (f) => f.resourceId.startsWith('k8s://') && f.resourceType === 'k8s.deployment',
  )!;
  expect(ignored).toBeDefined();
  const c = await loadSnapshot(demoEnvironmentFile());
  await scan(store, {
    ...c,
    scopes: c.scopes.map((s) => ({
      ...s,
      resources: s.resources.map((r) =>
        r.id === ignored.resourceId
          ? { ...r, tags: { ...r.tags, [IGNORE_ANNOTATION]: `${ignored.ruleId}: accepted` } }
          : r,
      ),
    })),
  });
  const rules = [...new Set(failing.map((f) => f.ruleId))];
  await addMute(store, { ruleId: failing[0]!.ruleId });
  // resource mutes of a rule each, a region's mute and a tag's mute of other rules
  for (const f of failing.slice(1, 4))
    await addMute(store, { ruleId: f.ruleId, resourcePattern: f.resourceId });
  await addMute(store, { ruleId: rules.at(-1)!, region: failing.at(-1)!.region });
  const tagsOf = new Map((await store.resources.list()).map((r) => [r.resourceId, r.tags]));
  const tagged = failing.find((f) => Object.keys(tagsOf.get(f.resourceId) ?? {}).length > 0)!;
  expect(tagged).toBeDefined();
  const [key, value] = Object.entries(tagsOf.get(tagged.resourceId)!)[0]!;
  await addMute(store, { ruleId: tagged.ruleId, tagKey: key, tagValue: value });
  // an expired mute of a failing rule, and many mutes of rules or resources that fail nowhere
  await addMute(store, { ruleId: rules[1] ?? rules[0]!, expiresAt: new Date(Date.now() - 30_000) });
  for (let i = 0; i < 200; i++)
    await addMute(store, {
      ruleId: i % 2 ? `no-such-rule-${i}` : rules[0]!,
      resourcePattern: `arn:none:${i}`,
    });
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

/** currentPosture equals every framework report's summary and the unmuted failures. */
async function expectPostureEqualsReports(store: Store, label: string) {
  const now = new Date(Date.now() + 1000);
  const posture = await currentPosture(store, undefined, now);
  const ids = (await frameworks()).map((f) => f.id);
  expect(posture.frameworks.map((f) => f.id)).toEqual(ids);
  let decided = 0;
  for (const shown of posture.frameworks) {
    const { summary } = await frameworkReport(store, { framework: shown.id, now });
    expect(shown, `${label}: ${shown.id}`).toMatchObject({
      score: summary.score,
      passed: summary.pass,
      failed: summary.fail,
      errored: summary.error,
      manual: summary.manual,
      notApplicable: summary.not_applicable,
    });
    if (summary.error > 0 && summary.fail > 0) decided++;
  }
  expect(decided, label).toBeGreaterThan(0);
  const all = await findings(store, { status: 'fail' });
  const unmuted = all.filter((f) => !f.muted);
  expect(unmuted.length).toBeGreaterThan(0);
  expect(posture.failingBySeverity, label).toEqual(bySeverity(unmuted));
  return { all, unmuted };
}

/** The store with its console repository's failing findings counted as they are returned. */
function countingFailing(store: Store): { store: Store; listed: () => number } {
  let listed = 0;
  const console = new Proxy(store.console, {
    get: (target, key) => {
      const value = Reflect.get(target, key) as unknown;
      if (key !== 'failing' || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const rows = (await (value as (...a: unknown[]) => Promise<unknown[]>).apply(target, args)) ?? [];
        listed += rows.length;
        return rows;
      };
    },
  });
  const counted = new Proxy(store, {
    get: (target, key) => {
      if (key === 'console') return console;
      const value = Reflect.get(target, key) as unknown;
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
    },
  });
  return { store: counted, listed: () => listed };
}

describe.each(backends)('console posture from rollups ($name)', (backend) => {
  it(
    'equals every framework report summary and the unmuted failures, with many mutes and a `*` mute',
    { timeout: 240_000 },
    async () => {
      const store = await backend.open();
      try {
        await estate(store);
        const { all, unmuted } = await expectPostureEqualsReports(store, 'mutes of rules, resources, tags');
        const muted = all.filter((f) => f.muted);
        // every kind of mute silences something: rule, resource, region, tag, annotation (id 0)
        expect(new Set(muted.map((f) => f.mute!.id)).size).toBeGreaterThanOrEqual(6);
        expect(muted.some((f) => f.mute!.id === 0)).toBe(true);
        expect(unmuted.length).toBeGreaterThan(0);
        // a mute of every rule on some resources: every failing finding may be silenced
        await addMute(store, { ruleId: '*', resourcePattern: all.find((f) => !f.muted)!.resourceId });
        await expectPostureEqualsReports(store, 'and a mute of every rule');
      } finally {
        await store.close();
      }
    },
  );

  it(
    'lists only the failing findings a mute could silence, not every failing finding',
    { timeout: 180_000 },
    async () => {
      const store = await backend.open();
      try {
        await demo(store, {});
        const failing = await findings(store, { status: 'fail' });
        const rule = failing[0]!.ruleId;
        await addMute(store, { ruleId: rule });
        const counted = countingFailing(store);
        const posture = await currentPosture(counted.store, undefined, new Date(Date.now() + 1000));
        expect(posture.failingBySeverity).toEqual(bySeverity(failing.filter((f) => f.ruleId !== rule)));
        // only the muted rule's failures are read one by one (the demo has no ignore annotation)
        expect(counted.listed()).toBe(failing.filter((f) => f.ruleId === rule).length);
        expect(counted.listed()).toBeLessThan(failing.length);
        // with no mute that could silence a failing finding, none is listed
        const none = await backend.open();
        try {
          await demo(none, {});
          const c = countingFailing(none);
          await currentPosture(c.store, undefined, new Date(Date.now() + 1000));
          expect(c.listed()).toBe(0);
        } finally {
          await none.close();
        }
      } finally {
        await store.close();
      }
    },
  );
});
