import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/serve/server.js';
import {
  demo,
  findings,
  frameworkReport,
  frameworks,
  loadSnapshot,
  postureAsOf,
  scan,
  type Collection,
  type Store,
} from '../../src/index.js';
import { k8sScope, nodeFilesScope } from '../../src/model/scopes.js';
import { demoEnvironmentFile } from '../../src/paths.js';
import { IGNORE_ANNOTATION, type Evaluation, type Resource, type ScopeRef } from '../../src/types.js';
import { backends } from '../store/helpers.js';
import { bySeverity } from './severity-counts.js';

// The overview as of a past date (postureAsOf: one tally of the state at the instant) must equal,
// framework by framework, the summary of `stance report --as-of` (frameworkReport with asOf), and
// its failing findings the unmuted failures of `stance findings --as-of`, at instants before any
// scope's first run, between runs, while a scope's last run had failed, and with mutes that came
// into force and expired along the way.

const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The sample environment's collection with its scopes changed by `change`. */
async function collection(change: (c: Collection) => Collection): Promise<Collection> {
  return change(await loadSnapshot(demoEnvironmentFile()));
}

async function mute(
  store: Store,
  p: { ruleId: string; resourcePattern: string | null; createdAt: Date; expiresAt?: Date },
) {
  await store.mutes.add({
    ruleId: p.ruleId,
    resourcePattern: p.resourcePattern,
    account: null,
    region: null,
    tagKey: null,
    tagValue: null,
    reason: 'test',
    author: null,
    createdAt: p.createdAt,
    expiresAt: p.expiresAt ?? null,
  });
}

const CLUSTER = 'acme-prod';
const NODE_RULE = 'k8s-node-client-ca-owner';

/** One scan of one scope with the resources and verdicts given (node checks, the cluster's Nodes). */
async function record(store: Store, scope: ScopeRef, resources: Resource[], evaluations: Evaluation[]) {
  const id = await store.scans.begin({ startedAt: new Date(), bundleVersion: 'test', command: 'test' });
  await store.scans.recordScopeRun(id, scope, {
    status: 'ok',
    startedAt: new Date(),
    finishedAt: new Date(),
    resources,
    evaluations,
  });
  await store.scans.finish(id, { finishedAt: new Date(), status: 'ok' });
}

const k8sObject = (kind: string, name: string, type: string): Resource => ({
  id: `k8s://${CLUSTER}/_cluster/${kind}/${name}`,
  type,
  provider: 'k8s',
  account: CLUSTER,
  region: '_cluster',
  name,
  tags: {},
  config: { kind, metadata: { name } },
});

/** `stance node` on a node: its files, judged by the node rule. */
async function nodeCheck(store: Store, node: string, status: Evaluation['status']) {
  const files = k8sObject('NodeFiles', node, 'k8s.node_files');
  await record(
    store,
    nodeFilesScope(CLUSTER, node),
    [files],
    [{ resourceId: files.id, ruleId: NODE_RULE, status, message: status === 'fail' ? 'owned by 1000' : '' }],
  );
}

/** Four scans over time; the instants to compare at, with what each one shows. */
async function history(store: Store): Promise<Record<string, Date>> {
  const instants: Record<string, Date> = {};
  const mark = async (label: string) => {
    await pause();
    instants[label] = new Date();
    await pause();
  };
  await mark('before any scope was scanned');
  // 1: AWS only; the Kubernetes scopes have no run before the next scan
  await scan(
    store,
    await collection((c) => ({ ...c, scopes: c.scopes.filter((s) => s.scope.provider === 'aws') })),
  );
  await mark('after the AWS scan, before the first Kubernetes run');
  const failing = (await findings(store, { status: 'fail' })).filter((f) => f.resourceId.startsWith('arn:'));
  expect(failing.length).toBeGreaterThan(3);
  const mutedFrom = new Date();
  // 2: everything, less the IAM users (their findings close)
  await scan(
    store,
    await collection((c) => ({
      ...c,
      scopes: c.scopes.map((s) => ({
        ...s,
        resources: s.resources.filter((r) => r.type !== 'aws.iam.user'),
      })),
    })),
  );
  // the cluster lists nodes n1 and n2; node checks ran on n1 and on a node the listing no longer has
  await record(
    store,
    k8sScope(CLUSTER, 'Node'),
    ['n1', 'n2'].map((n) => k8sObject('Node', n, 'k8s.node')),
    [],
  );
  await nodeCheck(store, 'n1', 'pass');
  await nodeCheck(store, 'gone', 'fail');
  // from the next scan on, a failing workload carries a stance.dev/ignore annotation for its rule
  // (annotations are read from the objects as they are now, so it silences that finding at every date)
  const ignored = (await findings(store, { status: 'fail' })).find(
    (f) => f.resourceId.startsWith('k8s://') && f.resourceType === 'k8s.deployment',
  )!;
  expect(ignored).toBeDefined();
  const annotated = (c: Collection): Collection => ({
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
  await pause();
  const resourceMutedFrom = new Date();
  await mark('after the full scan, one resource muted, node n2 not checked');
  const resourceMutedUntil = new Date();
  await pause();
  // 3: the first Kubernetes scope and an AWS scope fail to list (their last run is an error)
  const failed: string[] = [];
  await scan(
    store,
    await collection((all) => {
      const c = annotated(all);
      const k8s = c.scopes.find((s) => s.scope.provider === 'k8s')!;
      const iam = c.scopes.find((s) => s.resources.some((r) => r.type === 'aws.iam.user'))!;
      return {
        ...c,
        scopes: c.scopes.map((s) => {
          if (s !== k8s && s !== iam) return s;
          failed.push(s.scope.key);
          return { ...s, status: 'error' as const, error: 'forbidden', resources: [] };
        }),
      };
    }),
  );
  expect(failed).toHaveLength(2);
  await mark('after a scan where two scopes errored, the resource mute expired');
  await nodeCheck(store, 'n2', 'pass');
  // 4: everything again
  await scan(store, await collection(annotated));
  await mark('after a full scan again');
  // a rule muted everywhere since the first scan; a resource muted between the second and third
  await mute(store, { ruleId: failing[0]!.ruleId, resourcePattern: null, createdAt: mutedFrom });
  await mute(store, {
    ruleId: '*',
    resourcePattern: failing.find((f) => f.ruleId !== failing[0]!.ruleId)!.resourceId,
    createdAt: resourceMutedFrom,
    expiresAt: resourceMutedUntil,
  });
  return instants;
}

describe.each(backends)('console posture as of a past date ($name)', (backend) => {
  it(
    'equals every framework report summary as of each date and the unmuted failures then',
    { timeout: 300_000 },
    async () => {
      const store = await backend.open();
      try {
        const instants = await history(store);
        const now = new Date(Date.now() + 1000);
        const ids = (await frameworks()).map((f) => f.id);
        const seen = { error: 0, fail: 0, pass: 0, changed: new Set<string>() };
        for (const [label, asOf] of Object.entries(instants)) {
          const posture = await postureAsOf(store, undefined, asOf);
          expect(posture.frameworks.map((f) => f.id)).toEqual(ids);
          for (const shown of posture.frameworks) {
            const { summary } = await frameworkReport(store, { framework: shown.id, asOf, now });
            expect(shown, `${label}: ${shown.id}`).toEqual({
              id: shown.id,
              title: shown.title,
              score: summary.score,
              passed: summary.pass,
              failed: summary.fail,
              errored: summary.error,
              manual: summary.manual,
              notApplicable: summary.not_applicable,
            });
            seen.error += summary.error;
            seen.fail += summary.fail;
            seen.pass += summary.pass;
            seen.changed.add(`${shown.id}:${summary.pass}/${summary.fail}/${summary.error}`);
          }
          // the store's tally is the as-of state counted: same scopes, same statuses, same failures;
          // per rule, and per scope for the scopes not observed and those asked for apart
          const state = await store.findings.asOf(asOf);
          const scopeOf = new Map(state.scopes.map((s) => [s.key, s]));
          for (const apart of [undefined, (s: { service: string }) => s.service.startsWith('NodeFiles/')]) {
            const tally = await store.console.postureAt(asOf, { apart });
            expect(tally.scopes, label).toEqual(state.scopes);
            const isApart = (key: string) =>
              !scopeOf.get(key)?.observed || (apart?.(scopeOf.get(key)!) ?? false);
            const byRule = new Map<string, { pass: number; fail: number; error: number }>();
            const byScope = new Map<string, { pass: number; fail: number; error: number }>();
            for (const f of state.findings) {
              const [map, key] = isApart(f.scopeKey)
                ? [byScope, `${f.scopeKey} ${f.ruleId}`]
                : [byRule, f.ruleId];
              const c = map.get(key) ?? { pass: 0, fail: 0, error: 0 };
              c[f.status]++;
              map.set(key, c);
            }
            const statuses = (c: { pass: number; fail: number; error: number }) => ({
              pass: c.pass,
              fail: c.fail,
              error: c.error,
            });
            expect(new Map(tally.counts.map((c) => [c.ruleId, statuses(c)])), label).toEqual(byRule);
            expect(
              new Map(tally.countsApart.map((c) => [`${c.scopeKey} ${c.ruleId}`, statuses(c)])),
              label,
            ).toEqual(byScope);
            const failures = (list: { resourceId: string; ruleId: string; scopeKey: string }[]) =>
              list.map((f) => `${f.scopeKey} ${f.resourceId} ${f.ruleId}`).sort();
            expect(failures(tally.failing), label).toEqual(
              failures(state.findings.filter((f) => f.status === 'fail')),
            );
          }
          const unmuted = (await findings(store, { status: 'fail', asOf })).filter((f) => !f.muted);
          expect(posture.failingBySeverity, label).toEqual(bySeverity(unmuted));
        }
        // the dates show what they are meant to: no scope, no Kubernetes scope, two scopes not observed
        const scopesAt = async (label: string) => (await store.console.postureAt(instants[label]!)).scopes;
        expect(await scopesAt('before any scope was scanned')).toEqual([]);
        const awsOnly = await scopesAt('after the AWS scan, before the first Kubernetes run');
        expect(awsOnly.length).toBeGreaterThan(0);
        expect(awsOnly.every((s) => s.provider === 'aws' && s.observed)).toBe(true);
        const errored = await scopesAt('after a scan where two scopes errored, the resource mute expired');
        expect(errored.filter((s) => !s.observed).map((s) => s.lastRunStatus)).toEqual(['error', 'error']);
        // and mutes in force at each date: none at the first scan, the rule's and the resource's after the second
        const muted = async (label: string) =>
          (await findings(store, { status: 'fail', asOf: instants[label]! })).filter((f) => f.muted);
        expect(await muted('after the AWS scan, before the first Kubernetes run')).toEqual([]);
        const both = await muted('after the full scan, one resource muted, node n2 not checked');
        expect(new Set(both.map((f) => f.mute!.id)).size).toBe(3);
        // the rule's mute and the annotation (id 0) at the last date
        expect(new Set((await muted('after a full scan again')).map((f) => f.mute!.id)).size).toBe(2);
        // the dates differ: every kind of control status shows, and summaries change from date to date
        expect(seen.error).toBeGreaterThan(0);
        expect(seen.fail).toBeGreaterThan(0);
        expect(seen.pass).toBeGreaterThan(0);
        expect(seen.changed.size).toBeGreaterThan(ids.length * 2);
      } finally {
        await store.close();
      }
    },
  );

  it(
    "the console's overview as of a past date is that tally: it never lists the state (findings.asOf)",
    { timeout: 120_000 },
    async () => {
      const store = await backend.open();
      try {
        await demo(store);
        await pause();
        const asOf = new Date();
        const listed: Date[] = [];
        const findingsRepo = new Proxy(store.findings, {
          get: (target, key) =>
            key === 'asOf'
              ? (at: Date) => {
                  listed.push(at);
                  return target.asOf(at);
                }
              : (Reflect.get(target, key) as unknown),
        });
        const guarded = new Proxy(store, {
          get: (target, key) => {
            if (key === 'findings') return findingsRepo;
            const value = Reflect.get(target, key) as unknown;
            return typeof value === 'function' ? (value as () => unknown).bind(target) : value;
          },
        });
        const server = await startServer({ store: guarded, host: '127.0.0.1', port: 0 });
        try {
          const res = await fetch(new URL(`/api/overview?asOf=${asOf.toISOString()}`, server.url));
          expect(res.status).toBe(200);
          const body = (await res.json()) as {
            frameworks: Record<string, unknown>[];
            failingBySeverity: Record<string, number>;
          };
          const posture = await postureAsOf(store, undefined, asOf);
          expect(body.frameworks.map(({ scoreFormula: _, ...f }) => f)).toEqual(posture.frameworks);
          expect(body.failingBySeverity).toEqual(posture.failingBySeverity);
          expect(Object.values(body.failingBySeverity).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
          expect(listed).toEqual([]);
        } finally {
          await server.close();
        }
      } finally {
        await store.close();
      }
    },
  );
});
